package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static dev.switchboard.core.command.CallOperation.REMOVE_PARTICIPANT_FROM_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.SWITCH_TO_BARGE_IN;
import static dev.switchboard.core.command.CallOperation.SWITCH_TO_LISTEN_IN;
import static dev.switchboard.core.view.MonitoringMode.ALL_CALLS;
import static dev.switchboard.core.view.MonitoringMode.NEXT_CALL;
import static dev.switchboard.core.view.MonitoringScope.CALL;
import static dev.switchboard.core.view.MonitoringType.BARGE_IN;
import static dev.switchboard.core.view.MonitoringType.COACH;
import static dev.switchboard.core.view.MonitoringType.LISTEN_IN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.MonitoringSettings.AgentNotification;
import dev.switchboard.core.directory.MonitoringSettings.ConsultCalls;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

/**
 * The Switchboard extension's switch of a supervisor's monitoring call and subscription ({@link Switch#switchMonitoring}:
 * SwitchToCoach / SwitchToListenIn under {@code /ext/v1}, docs/compatibility.md): the supervisor stays on the call, who
 * hears whom follows, the subscription's way changes (so the next call starts so), the agent is told as the
 * notification policy says, the audit has a SWITCH; refusals follow the GWS switches' rule and the monitoring policy.
 */
class SupervisionSubscriptionSwitchTest extends SupervisionSupport {
    /** The audit detail's mark of a switch of the subscription, beside the way. */
    private static final String SWITCHED = "(call and subscription)";

    /** supervisor1 monitors agent1; agent1 answers a customer's call (the supervisor joins it); returns its id, events dropped. */
    private String monitoredCall(MonitoringType type, MonitoringMode mode, String customer) {
        monitored(type, CALL, mode, "5001");
        return agent1OnACall(customer);
    }

    private String agent1OnACall(String customer) {
        String call = customerCall(customer, "5001");
        ok("agent1", call, ANSWER);
        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).as("the supervisor joined").isPresent();
        discard();
        return call;
    }

    private Outcome switchMonitoring(String callId, MonitoringType way) {
        return harness.await(sw().switchMonitoring(user(SUPERVISOR), callId, way));
    }

    private void switched(String callId, MonitoringType way) {
        OutcomeAssertions.assertAccepted(switchMonitoring(callId, way));
    }

    /** The way of supervisor1's subscription in the latest durable record of their device. */
    private MonitoringType storedWay() {
        String deviceId = harness.deviceId(SUPERVISOR_DN);
        return harness.events().durable().stream().flatMap(e -> e.devices().stream()).filter(r -> r.deviceId().equals(deviceId))
                .reduce((first, last) -> last).orElseThrow().monitoring().type();
    }

    @Test
    void listenInSwitchesToCoachOnTheCallAndBackKeepingTheSupervisorOnIt() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, ALL_CALLS, CUSTOMER);
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001]",
                "5005 Established hears [5551001, 5001]");

        switched(call, COACH);
        assertThat(srows()).containsExactly(
                monitoringRow(SUPERVISOR_DN, "NOT_READY", COACH, ALL_CALLS, CALL, "5001"),
                "5005 StatusChange Established Inbound [5551001, 5001] muted as Coach");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001, 5005]",
                "5005 Established hears [5551001, 5001]");
        assertThat(callIds(SUPERVISOR)).as("the supervisor stays on the call").containsExactly(call);
        assertThat(view(SUPERVISOR, call).monitoring()).isEqualTo(COACH);
        assertThat(caps(SUPERVISOR, call)).as("the GWS switches of a coaching leg").contains(SWITCH_TO_LISTEN_IN, SWITCH_TO_BARGE_IN);
        assertThat(subscription().type()).isEqualTo(COACH);
        assertSubscription(true, "5001");
        assertThat(storedWay()).as("the subscription as a restart restores it").isEqualTo(COACH);

        switched(call, LISTEN_IN);
        assertThat(srows()).containsExactly(
                monitoringRow(SUPERVISOR_DN, "NOT_READY", LISTEN_IN, ALL_CALLS, CALL, "5001"),
                "5005 StatusChange Established Inbound [5551001, 5001] muted as ListenIn");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001]",
                "5005 Established hears [5551001, 5001]");
        assertThat(callIds(SUPERVISOR)).containsExactly(call);
        assertThat(subscription().type()).isEqualTo(LISTEN_IN);
        assertThat(audit()).containsExactly("5005 SWITCH Coach " + SWITCHED, "5005 SWITCH ListenIn " + SWITCHED);
    }

    @Test
    void theNextCallOfAnAllCallsSubscriptionStartsTheWayItWasSwitchedTo() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, ALL_CALLS, CUSTOMER);
        switched(call, COACH);
        customerHangup(call, CUSTOMER);
        assertThat(monitoringEnds(SUPERVISOR_DN)).as("the subscription goes on").isZero();
        discard();

        String next = customerCall(CUSTOMER2, "5001");
        ok("agent1", next, ANSWER);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Ringing Inbound [5551002]",
                "5001 StatusChange Established Inbound [5551002] listened",
                "5005 StatusChange Established Inbound [5551002, 5001] muted as Coach");
        assertThat(hears(next)).contains("5001 Established hears [5551002, 5005]");
        assertThat(audit()).containsExactly("5005 JOIN Coach");
    }

    @Test
    void aNextCallSubscriptionSwitchedStillEndsWithItsCall() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, NEXT_CALL, CUSTOMER);
        switched(call, COACH);
        discard();

        customerHangup(call, CUSTOMER);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Released Inbound []",
                "5005 StatusChange Released Inbound [] muted as Coach",
                monitoringOffRow(SUPERVISOR_DN, "NOT_READY"));
        assertThat(subscription()).isNull();
        assertThat(audit()).containsExactly("5005 LEAVE the call ended", "5005 END the monitored call ended");
    }

    @ParameterizedTest
    @EnumSource(AgentNotification.class)
    void theAgentIsToldOfTheCoachAsTheNotificationPolicySays(AgentNotification policy) {
        useDirectory(TestDirectory.build(EnvironmentType.SIP_SERVER, new MonitoringSettings(ConsultCalls.NONE, true, false, policy)));
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, ALL_CALLS, CUSTOMER);
        boolean toldListening = MonitoringPolicy.tellsAgent(policy, LISTEN_IN);
        boolean toldCoaching = MonitoringPolicy.tellsAgent(policy, COACH);
        assertThat(view("agent1", call).supervisorListeningIn()).isEqualTo(toldListening);

        switched(call, COACH);
        String agentRow = "5001 StatusChange Established Inbound [5551001]" + (toldCoaching ? " listened" : "");
        String supervisorRow = "5005 StatusChange Established Inbound [5551001, 5001] muted as Coach";
        String deviceRow = monitoringRow(SUPERVISOR_DN, "NOT_READY", COACH, ALL_CALLS, CALL, "5001");
        assertThat(srows()).as("the agent hears of it only when what they are told changes").containsExactlyElementsOf(
                toldListening == toldCoaching ? List.of(deviceRow, supervisorRow)
                        : List.of(deviceRow, agentRow, supervisorRow));
        assertThat(view("agent1", call).supervisorListeningIn()).isEqualTo(toldCoaching);
    }

    @Test
    void bargeInSwitchesToCoachAndLeavesTheParticipants() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(BARGE_IN, ALL_CALLS, CUSTOMER);
        assertThat(caps(SUPERVISOR, call)).contains(REMOVE_PARTICIPANT_FROM_CONFERENCE);

        switched(call, COACH);
        assertThat(srows()).containsExactly(
                monitoringRow(SUPERVISOR_DN, "NOT_READY", COACH, ALL_CALLS, CALL, "5001"),
                "5001 StatusChange Established Inbound [5551001] listened",
                "5005 StatusChange Established Inbound [5551001, 5001] muted as Coach");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001, 5005]",
                "5005 Established hears [5551001, 5001]");
        assertThat(caps(SUPERVISOR, call)).doesNotContain(REMOVE_PARTICIPANT_FROM_CONFERENCE);
        assertThat(audit()).containsExactly("5005 SWITCH Coach " + SWITCHED);
    }

    @Test
    void aGwsSwitchAfterTheSubscriptionSwitchStillChangesTheCallOnly() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, ALL_CALLS, CUSTOMER);
        switched(call, COACH);
        ok(SUPERVISOR, call, SWITCH_TO_LISTEN_IN);
        discard();

        assertThat(view(SUPERVISOR, call).monitoring()).isEqualTo(LISTEN_IN);
        assertThat(subscription().type()).as("what the subscription asks for now").isEqualTo(COACH);
        customerHangup(call, CUSTOMER);
        String next = agent1OnACall(CUSTOMER2);
        assertThat(view(SUPERVISOR, next).monitoring()).isEqualTo(COACH);
    }

    @Test
    void refusalsChangeNothing() {
        logIn("agent1", "agent2", SUPERVISOR);
        String call = monitoredCall(COACH, ALL_CALLS, CUSTOMER);

        OutcomeAssertions.assertRefused(switchMonitoring(call, COACH), Refusal.NOT_IN_CAPABILITIES);
        OutcomeAssertions.assertRefused(switchMonitoring("no-such-call", LISTEN_IN), Refusal.NOT_FOUND);
        OutcomeAssertions.assertRefused(harness.await(sw().switchMonitoring(user("agent2"), call, LISTEN_IN)), Refusal.NOT_FOUND);
        assertThat(srows()).isEmpty();
        assertThat(audit()).isEmpty();
        assertThat(subscription().type()).isEqualTo(COACH);

        ok(SUPERVISOR, call, HANGUP);
        discard();
        String own = dial(SUPERVISOR, "5002");
        discard();
        OutcomeAssertions.assertRefused(switchMonitoring(own, LISTEN_IN), Refusal.NOT_IN_CAPABILITIES);
        OutcomeAssertions.assertRefused(switchMonitoring(call, LISTEN_IN), Refusal.NOT_FOUND);
        assertThat(srows()).isEmpty();
        assertThat(audit()).isEmpty();
    }

    @Test
    void sipClusterRefusesCoachOnARoutingPointMonitorAsTheRequestWouldBe() {
        useDirectory(TestDirectory.build(EnvironmentType.SIP_CLUSTER, MonitoringSettings.DEFAULTS));
        logIn("agent1", SUPERVISOR);
        ready("agent1");
        monitored(LISTEN_IN, CALL, ALL_CALLS, TestDirectory.ROUTING_POINT);
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        discard();

        // Before an agent answered, as SwitchToBargeIn: not switchable now.
        OutcomeAssertions.assertRefused(switchMonitoring(call, COACH), Refusal.NOT_IN_CAPABILITIES);
        ok("agent1", call, ANSWER);
        discard();
        // After: a routing point is monitored with ListenIn only there, as a Coach request would be told.
        OutcomeAssertions.assertRefused(switchMonitoring(call, COACH), Refusal.INVALID_PARAMETER);
        assertThat(srows()).isEmpty();
        assertThat(audit()).isEmpty();
        assertThat(view(SUPERVISOR, call).monitoring()).isEqualTo(LISTEN_IN);
    }

    @Test
    void anAgentDeviceMonitorSwitchesInASipClusterToo() {
        useDirectory(TestDirectory.build(EnvironmentType.SIP_CLUSTER, MonitoringSettings.DEFAULTS));
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, ALL_CALLS, CUSTOMER);
        switched(call, COACH);
        assertThat(view(SUPERVISOR, call).monitoring()).isEqualTo(COACH);
        assertThat(subscription().scope()).isEqualTo(MonitoringScope.CALL);
    }
}
