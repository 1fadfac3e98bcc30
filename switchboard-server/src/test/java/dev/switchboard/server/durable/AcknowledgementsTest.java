package dev.switchboard.server.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.server.api.Commands;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.journal.JournalFaults;
import dev.switchboard.server.store.JdbcStore;

/**
 * A reply waits once for the switch and the journal together: {@link Acknowledgements.Pending#applied()} completes with
 * the command's outcome only when the journal covers what was queued before the command completed; a refusal does not
 * wait for the disk; asynchronous agent states do not wait at all; a change the journal cannot make durable is never
 * acknowledged.
 */
class AcknowledgementsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private interface Body {
        void run(DurableState durable, Acknowledgements acknowledgements) throws Exception;
    }

    private void withDurableState(boolean agentStatesSync, Body body) throws Exception {
        try (JdbcStore store = JdbcStore.open(JdbcStore.h2FileUrl(dir.resolve("data")), null, null)) {
            try (DurableState durable = DurableState.open(dir.resolve("journal"))) {
                durable.audit(new JdbcMonitoringAudit(store.dataSource()));
                body.run(durable, durable.acknowledgements(agentStatesSync));
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAcceptedChangeIsAppliedOnceTheJournalCoversWhatWasQueuedBeforeIt() throws Exception {
        withDurableState(true, (durable, acknowledgements) -> {
            CompletableFuture<Outcome> command = new CompletableFuture<>();
            Acknowledgements.Pending pending = acknowledgements.pending(command, Acknowledgements.Kind.FEATURE);
            // As the switch does: the change's record is queued, then the command completes.
            long record = durable.journal().put("device/7001", bytes("dnd"));
            command.complete(Outcome.accepted("7001"));

            Commands.await(pending);
            assertThat(durable.journal().durablePosition()).isGreaterThanOrEqualTo(record);
            pending.confirm();
        });
    }

    @Test
    void aRefusalIsNotWaitedForOnTheDiskAndBecomesItsGwsFailure() throws Exception {
        withDurableState(true, (durable, acknowledgements) -> {
            CompletableFuture<Outcome> command = new CompletableFuture<>();
            Acknowledgements.Pending pending = acknowledgements.pending(command, Acknowledgements.Kind.MONITORING);
            command.complete(Outcome.refused(Outcome.Refusal.NOT_IN_CAPABILITIES, "Nothing is monitored"));

            assertThat(pending.applied()).isDone();
            assertThatThrownBy(() -> Commands.await(pending)).isInstanceOf(GwsException.class)
                    .hasMessage("Nothing is monitored");
        });
    }

    @Test
    void asynchronousAgentStatesWaitForTheSwitchOnly() throws Exception {
        withDurableState(false, (durable, acknowledgements) -> {
            CompletableFuture<Outcome> command = new CompletableFuture<>();
            Acknowledgements.Pending agentState = acknowledgements.pending(command, Acknowledgements.Kind.AGENT_STATE);
            assertThat(agentState.applied()).isSameAs(command);
            Acknowledgements.Pending session = acknowledgements.pending(command, Acknowledgements.Kind.SESSION);
            assertThat(session.applied()).isNotSameAs(command);
        });
    }

    @Test
    void aChangeTheJournalCannotMakeDurableIsNotAcknowledged() throws Exception {
        withDurableState(true, (durable, acknowledgements) -> {
            CompletableFuture<Outcome> command = new CompletableFuture<>();
            Acknowledgements.Pending pending = acknowledgements.pending(command, Acknowledgements.Kind.AGENT_STATE);
            // The disk fails the next write: the journal fails, and so does every waiter.
            JournalFaults.failNextWrite(durable.journal());
            durable.journal().put("device/7002", bytes("ready"));
            command.complete(Outcome.accepted("7002"));

            pending.applied().get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThatThrownBy(pending::confirm).isInstanceOfSatisfying(GwsException.class, refused -> {
                assertThat(refused.httpStatus()).isEqualTo(503);
                assertThat(refused.statusMessage()).contains("not acknowledged");
            });
        });
    }
}
