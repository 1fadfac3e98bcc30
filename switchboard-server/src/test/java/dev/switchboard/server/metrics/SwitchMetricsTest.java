package dev.switchboard.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * {@link SwitchMetrics} fed by a real switch on fake time. The recorder is called on the switch thread here, right
 * after each change (in the server a hand-off sits in between), so a command's metrics are settled when it completes.
 */
class SwitchMetricsTest {
    private static final String CUSTOMER = "5551001";

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Directory directory = TestDirectory.build();
    private final SwitchMetrics metrics = new SwitchMetrics(registry,
            directory.environmentByName(TestDirectory.ENVIRONMENT).orElseThrow(), directory);
    private final SwitchHarness harness = new SwitchHarness(directory, new EventSink() {
        @Override
        public void publish(SwitchEvent event) {
            metrics.accept(event);
        }
    });

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void countsLoggedInAgentsByStateFromDeviceChanges() {
        assertThat(agents(AgentState.NOT_READY)).isZero();
        harness.logIn("agent1", "Place5001");
        harness.logIn("agent2", "Place5002");
        assertThat(agents(AgentState.NOT_READY)).isEqualTo(2);

        state("agent1", AgentState.READY);
        assertThat(agents(AgentState.READY)).isEqualTo(1);
        assertThat(agents(AgentState.NOT_READY)).isEqualTo(1);
        assertThat(registry.get("switchboard.device.changes").tag("change", "LOGIN").counter().count()).isEqualTo(2);
        assertThat(registry.get("switchboard.device.changes").tag("change", "AGENT_STATE").counter().count()).isEqualTo(1);

        assertThat(harness.await(harness.voiceSwitch().endSession(harness.user("agent1")))).isEqualTo(Outcome.OK);
        assertThat(agents(AgentState.READY)).isZero();
        assertThat(agents(AgentState.NOT_READY)).isEqualTo(1);
        assertThat(registry.find("switchboard.agents.logged.in").tag("state", "LOGGED_OUT").gauge()).isNull();
    }

    @Test
    void followsACallFromTheQueueToAnAgentAndToItsEnd() {
        String call = ((Outcome.Accepted) harness.await(harness.voiceSwitch().customerCall(CUSTOMER, TestDirectory.ROUTING_POINT,
                Map.of()))).id();
        assertThat(gauge("switchboard.calls.active")).isEqualTo(1);
        assertThat(waiting()).isEqualTo(1);
        assertThat(counter("switchboard.calls.started")).isEqualTo(1);

        harness.logIn("agent1", "Place5001");
        state("agent1", AgentState.READY);
        assertThat(waiting()).isZero();
        assertThat(gauge("switchboard.calls.active")).isEqualTo(1);
        double statusChanges = registry.get("switchboard.call.notifications").tag("type", "StatusChange").counter().count();
        assertThat(statusChanges).isGreaterThanOrEqualTo(1);

        assertThat(harness.await(harness.voiceSwitch().customerHangup(call, CUSTOMER))).isEqualTo(Outcome.OK);
        assertThat(gauge("switchboard.calls.active")).isZero();
        assertThat(counter("switchboard.calls.ended")).isEqualTo(1);
        assertThat(counter("switchboard.calls.started")).isEqualTo(1);
        assertThat(registry.get("switchboard.switch.events").tag("type", "CallChanged").counter().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anEndedCallPublishedAgainIsCountedOnce() {
        metrics.accept(new CallChanged(Instant.EPOCH, snapshot("c1", PartyState.RINGING, "8000")));
        assertThat(waiting()).isEqualTo(1);
        metrics.accept(new CallChanged(Instant.EPOCH, snapshot("c1", PartyState.RELEASED, null)));
        metrics.accept(new CallChanged(Instant.EPOCH, snapshot("c1", PartyState.RELEASED, null)));
        // A call that ends in the command that started it is started and ended at once.
        metrics.accept(new CallChanged(Instant.EPOCH, snapshot("c2", PartyState.RELEASED, null)));

        assertThat(counter("switchboard.calls.started")).isEqualTo(2);
        assertThat(counter("switchboard.calls.ended")).isEqualTo(2);
        assertThat(gauge("switchboard.calls.active")).isZero();
        assertThat(waiting()).isZero();
    }

    @Test
    void readsMonitoringSubscriptionsFromTheSwitch() {
        metrics.bind(harness.voiceSwitch());
        assertThat(gauge("switchboard.monitoring.subscriptions")).isZero();
    }

    private static CallSnapshot snapshot(String id, PartyState customer, String waitingAt) {
        return new CallSnapshot(id, id, CUSTOMER, "7000",
                List.of(new CallSnapshot.Party(CUSTOMER, PartyRole.ORIGINATOR, customer, true, false, List.of())), Map.of(), null,
                waitingAt);
    }

    private void state(String userName, AgentState state) {
        assertThat(harness.await(harness.contactCenter().changeAgentState(harness.user(userName), AgentStateRequest.of(state))))
                .isEqualTo(Outcome.OK);
    }

    private double agents(AgentState state) {
        return registry.get("switchboard.agents.logged.in").tag("state", state.name()).gauge().value();
    }

    private double waiting() {
        return registry.get("switchboard.queue.calls.waiting").tag("queue", TestDirectory.QUEUE).gauge().value();
    }

    private double gauge(String name) {
        return registry.get(name).tag("environment", TestDirectory.ENVIRONMENT).gauge().value();
    }

    private double counter(String name) {
        return registry.get(name).tag("environment", TestDirectory.ENVIRONMENT).counter().count();
    }
}
