package dev.switchboard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.view.CallType;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.core.view.RecordingState;

/** When a party entered its state, was answered and put on hold, from the switch's instants; forgotten at release. */
class FloorTimesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void answerHoldRetrieveAndRelease() {
        FloorTimes times = new FloorTimes();
        times.accept(event(0, PartyState.RINGING));
        assertThat(times.of("dev", "call")).isEqualTo(new FloorTimes.Times(PartyState.RINGING, T0, null, null));

        times.accept(event(5, PartyState.ESTABLISHED));
        times.accept(event(6, PartyState.ESTABLISHED));
        assertThat(times.of("dev", "call")).as("the same state again (user data, say) moves nothing")
                .isEqualTo(new FloorTimes.Times(PartyState.ESTABLISHED, T0.plusSeconds(5), T0.plusSeconds(5), null));

        times.accept(event(20, PartyState.HELD));
        assertThat(times.of("dev", "call").heldSince()).isEqualTo(T0.plusSeconds(20));
        times.accept(event(30, PartyState.ESTABLISHED));
        assertThat(times.of("dev", "call")).as("answered once, whatever the holds")
                .isEqualTo(new FloorTimes.Times(PartyState.ESTABLISHED, T0.plusSeconds(30), T0.plusSeconds(5), null));

        times.accept(event(40, PartyState.RELEASED));
        assertThat(times.of("dev", "call")).isNull();
    }

    private static CallStateChanged event(int second, PartyState state) {
        CallView call = CallView.builder()
                .call("call", "conn", CallType.INBOUND, "5551001", "7000", Map.of(), T0, RecordingState.STOPPED, null)
                .party("dev", "5001", state, false, false)
                .participants(List.of("5551001"), false, false)
                .build();
        return new CallStateChanged(T0.plusSeconds(second), "user", call, CallNotification.STATUS_CHANGE, null);
    }
}
