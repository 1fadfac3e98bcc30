package dev.switchboard.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;

/** Assertions on command {@link Outcome}s. */
public final class OutcomeAssertions {

    private OutcomeAssertions() {
    }

    /** Fails unless {@code outcome} is a refusal for {@code reason} with a message for the client. */
    public static void assertRefused(Outcome outcome, Refusal reason) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.reason()).as("refusal reason").isEqualTo(reason);
            assertThat(refused.message()).as("refusal message").isNotBlank();
        });
    }

    /** Fails unless {@code outcome} is accepted. */
    public static void assertAccepted(Outcome outcome) {
        assertThat(outcome).isEqualTo(Outcome.OK);
    }
}
