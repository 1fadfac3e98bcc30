package dev.switchboard.core.telephony;

import static dev.switchboard.core.view.MonitoringMode.ALL_CALLS;
import static dev.switchboard.core.view.MonitoringMode.NEXT_CALL;
import static dev.switchboard.core.view.MonitoringScope.AGENT;
import static dev.switchboard.core.view.MonitoringScope.CALL;
import static dev.switchboard.core.view.MonitoringType.BARGE_IN;
import static dev.switchboard.core.view.MonitoringType.COACH;
import static dev.switchboard.core.view.MonitoringType.LISTEN_IN;
import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.COMPLETE_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static dev.switchboard.core.command.CallOperation.HOLD;
import static dev.switchboard.core.command.CallOperation.INITIATE_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.INITIATE_TRANSFER;
import static dev.switchboard.core.command.CallOperation.MUTE_MONITORED_USER;
import static dev.switchboard.core.command.CallOperation.REMOVE_PARTICIPANT_FROM_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.SINGLE_STEP_TRANSFER;
import static dev.switchboard.core.command.CallOperation.SWITCH_TO_BARGE_IN;
import static dev.switchboard.core.command.CallOperation.SWITCH_TO_LISTEN_IN;
import static dev.switchboard.core.command.CallOperation.UNMUTE_MONITORED_USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.MonitoringSettings.AgentNotification;
import dev.switchboard.core.directory.MonitoringSettings.ConsultCalls;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.testing.EventRows;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

/**
 * Supervisor monitoring beyond the table of {@link SupervisionTableTest}: intrusion, consultation calls, routing points
 * and queues, authorization when a call moves on, SIP Cluster limits, refusals, switching, muting the agent, removing a
 * participant, one monitored call at a time, and the audit of a whole lifecycle (docs/compatibility.md).
 */
class SupervisionModelTest extends SupervisionSupport {

    private static final MonitoringSettings DEFAULTS = MonitoringSettings.DEFAULTS;

    /** agent1 answers a customer's call; returns its id; the events are discarded. */
    private String agent1OnACall(String customer) {
        String call = customerCall(customer, "5001");
        ok("agent1", call, ANSWER);
        discard();
        return call;
    }

    /** supervisor1 monitors agent1; agent1 answers a customer's call (the supervisor joins it); returns its id. */
    private String monitoredCall(MonitoringType type, MonitoringScope scope, MonitoringMode mode) {
        monitored(type, scope, mode, "5001");
        String call = agent1OnACall(CUSTOMER);
        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).as("the supervisor joined").isPresent();
        return call;
    }

    private void useEnvironment(EnvironmentType type, MonitoringSettings settings) {
        useDirectory(TestDirectory.build(type, settings));
    }

    // ---- intrusion ----

    @Test
    void bargeInJoinsACallInProgressAtOnce() {
        logIn("agent1", SUPERVISOR);
        String call = agent1OnACall(CUSTOMER);

        monitored(BARGE_IN, CALL, ALL_CALLS, "5001");
        assertThat(srows()).containsExactly(
                monitoringRow(SUPERVISOR_DN, "NOT_READY", BARGE_IN, ALL_CALLS, CALL, "5001"),
                "5001 ParticipantsUpdated Established Inbound [5551001, 5005]",
                "5005 StatusChange Established Inbound [5551001, 5001] as BargeIn");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001, 5005]",
                "5001 Established hears [5551001, 5005]",
                "5005 Established hears [5551001, 5001]");
        assertThat(audit()).containsExactly("5005 JOIN BargeIn");
    }

    @Test
    void bargeInWaitsForTheNextCallWhenIntrusionIsDisabled() {
        useEnvironment(EnvironmentType.SIP_SERVER, new MonitoringSettings(ConsultCalls.NONE, false, false));
        logIn("agent1", SUPERVISOR);
        String call = agent1OnACall(CUSTOMER);

        monitored(BARGE_IN, CALL, ALL_CALLS, "5001");
        assertThat(srows()).containsExactly(monitoringRow(SUPERVISOR_DN, "NOT_READY", BARGE_IN, ALL_CALLS, CALL, "5001"));
        assertThat(hears(call)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");

        customerHangup(call, CUSTOMER);
        discard();
        String next = customerCall(CUSTOMER2, "5001");
        ok("agent1", next, ANSWER);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Ringing Inbound [5551002]",
                "5001 StatusChange Established Inbound [5551002, 5005]",
                "5005 StatusChange Established Inbound [5551002, 5001] as BargeIn");
    }

    @ParameterizedTest(name = "agentNotification={0}, {1}: the agent is told {2}")
    @CsvSource({"OFF, LISTEN_IN, false", "OFF, COACH, false", "OFF, BARGE_IN, false",
            "LISTEN, LISTEN_IN, true", "LISTEN, COACH, true", "LISTEN, BARGE_IN, false",
            "COACH_BARGE, LISTEN_IN, false", "COACH_BARGE, COACH, true", "COACH_BARGE, BARGE_IN, true",
            "ALWAYS, LISTEN_IN, true", "ALWAYS, COACH, true", "ALWAYS, BARGE_IN, true"})
    void theAgentIsToldAsTheNotificationPolicySays(AgentNotification policy, MonitoringType type, boolean told) {
        useEnvironment(EnvironmentType.SIP_SERVER, new MonitoringSettings(ConsultCalls.NONE, true, false, policy));
        logIn("agent1", SUPERVISOR);
        monitored(type, CALL, ALL_CALLS, "5001");

        String call = agent1OnACall(CUSTOMER);

        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).isPresent();
        assertThat(view("agent1", call).supervisorListeningIn()).isEqualTo(told);
    }

    @ParameterizedTest
    @EnumSource(value = MonitoringType.class, names = {"LISTEN_IN", "COACH"})
    void listenInAndCoachWaitForTheNextCallByDefault(MonitoringType type) {
        logIn("agent1", SUPERVISOR);
        String call = agent1OnACall(CUSTOMER);

        monitored(type, CALL, ALL_CALLS, "5001");
        assertThat(srows()).containsExactly(monitoringRow(SUPERVISOR_DN, "NOT_READY", type, ALL_CALLS, CALL, "5001"));
        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).isEmpty();
        assertThat(view("agent1", call).supervisorListeningIn()).isFalse();

        customerHangup(call, CUSTOMER);
        discard();
        String next = agent1OnACall(CUSTOMER2);
        assertThat(sw().call(next).orElseThrow().party(SUPERVISOR_DN)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(value = MonitoringType.class, names = {"LISTEN_IN", "COACH"})
    void listenInAndCoachJoinACallInProgressWhenConfiguredToIntrude(MonitoringType type) {
        useEnvironment(EnvironmentType.SIP_SERVER, new MonitoringSettings(ConsultCalls.NONE, true, true));
        logIn("agent1", SUPERVISOR);
        String call = agent1OnACall(CUSTOMER);

        monitored(type, CALL, ALL_CALLS, "5001");
        assertThat(srows()).containsExactly(
                monitoringRow(SUPERVISOR_DN, "NOT_READY", type, ALL_CALLS, CALL, "5001"),
                "5001 StatusChange Established Inbound [5551001] listened",
                "5005 StatusChange Established Inbound [5551001, 5001] muted as " + type.wireName());
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001" + (type == COACH ? ", 5005]" : "]"),
                "5005 Established hears [5551001, 5001]");
    }

    // ---- consultation calls ----

    @ParameterizedTest(name = "monitorConsultCalls={0}, the monitored agent is the consultation's {1}")
    @CsvSource({"NONE, ORIG", "NONE, DEST", "DEST, ORIG", "DEST, DEST", "ORIG, ORIG", "ORIG, DEST", "ALL, ORIG", "ALL, DEST"})
    void consultationCallsAreMonitoredAsConfigured(ConsultCalls setting, String side) {
        useEnvironment(EnvironmentType.SIP_SERVER, new MonitoringSettings(setting, true, false));
        logIn("agent1", "agent2", SUPERVISOR);
        boolean originates = side.equals("ORIG");
        // The monitored agent1's or agent2's call started before the subscription: ListenIn does not join it.
        String call = customerCall(CUSTOMER, originates ? "5001" : "5002");
        ok(originates ? "agent1" : "agent2", call, ANSWER);
        monitored(LISTEN_IN, CALL, ALL_CALLS, "5001");
        discard();

        String consult = to(originates ? "agent1" : "agent2", call, INITIATE_TRANSFER, originates ? "5002" : "5001");
        ok(originates ? "agent2" : "agent1", consult, ANSWER);
        boolean monitoredHere = setting == ConsultCalls.ALL || setting.name().equals(side);
        String consulted = originates ? "5002" : "5001";
        String consulting = originates ? "5001" : "5002";
        if (monitoredHere) {
            assertThat(hears(consult)).containsExactly(
                    consulting + " Established hears [" + consulted + "]",
                    consulted + " Established hears [" + consulting + "]",
                    "5005 Established hears [" + consulting + ", " + consulted + "]");
            assertThat(view("agent1", consult).supervisorListeningIn()).isTrue();
            assertThat(view("agent2", consult).supervisorListeningIn()).isFalse();
            assertThat(audit()).containsExactly("5005 JOIN ListenIn");
        } else {
            assertThat(hears(consult)).containsExactly(
                    consulting + " Established hears [" + consulted + "]",
                    consulted + " Established hears [" + consulting + "]");
            assertThat(audit()).isEmpty();
        }
        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).as("the original call").isEmpty();
    }

    // ---- routing points and queues ----

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({"7000, LISTEN_IN", "7000, COACH", "7000, BARGE_IN", "8000, LISTEN_IN", "8000, COACH", "8000, BARGE_IN"})
    void monitoringARoutingPointOrQueueJoinsOnArrivalAndFollowsTheCallToTheAgent(String number, MonitoringType type) {
        logIn("agent1", SUPERVISOR);
        ready("agent1");
        monitored(type, CALL, NEXT_CALL, number);
        assertThat(srows()).containsExactly(monitoringRow(SUPERVISOR_DN, "NOT_READY", type, NEXT_CALL, CALL, number));
        assertThat(harness.device("5005").monitoring().targetDeviceId()).as("a routing point has no device").isNull();

        boolean barge = type == BARGE_IN;
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(srows()).containsExactly(
                "5005 StatusChange Established Inbound [5551001, 5001]" + (barge ? "" : " muted") + " as " + type.wireName(),
                "5001 StatusChange Ringing Inbound [5551001" + (barge ? ", 5005]" : "]"));
        assertThat(audit()).containsExactly("5005 JOIN " + type.wireName());

        ok("agent1", call, ANSWER);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Established Inbound [5551001" + (barge ? ", 5005]" : "] listened"));
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [" + (barge ? "5005, " : "") + "5001]",
                "5005 Established hears [5551001, 5001]",
                "5001 Established hears [5551001" + (type == LISTEN_IN ? "]" : ", 5005]"));

        customerHangup(call, CUSTOMER);
        assertThat(srows()).containsExactly(
                "5005 StatusChange Released Inbound []" + (barge ? "" : " muted") + " as " + type.wireName(),
                "5001 StatusChange Released Inbound []",
                monitoringOffRow(SUPERVISOR_DN, "NOT_READY"));
        assertThat(audit()).containsExactly("5005 LEAVE the call ended", "5005 END the monitored call ended");
        assertThat(subscription()).isNull();
    }

    @ParameterizedTest
    @EnumSource(MonitoringMode.class)
    void aCallScopeMonitorFollowingTheCallToAnAgentOutsideTheSupervisorsGroupsIsReleased(MonitoringMode mode) {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", "agent5", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, CALL, mode);
        audit();

        to("agent1", call, SINGLE_STEP_TRANSFER, "5006");
        assertThat(srows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5006]",
                "5005 ParticipantsUpdated Established Inbound [5551001, 5006] muted as ListenIn",
                "5006 StatusChange Ringing Inbound [5551001]");

        ok("agent5", call, ANSWER);
        List<String> released = List.of(
                "5005 StatusChange Released Inbound [5551001, 5006] muted as ListenIn",
                "5006 StatusChange Established Inbound [5551001]");
        if (mode == NEXT_CALL) {
            assertThat(srows()).containsExactlyElementsOf(concat(released, monitoringOffRow(SUPERVISOR_DN, "NOT_READY")));
            assertThat(audit()).containsExactly("5005 LEAVE the call went to 5006, outside the supervisor's groups",
                    "5005 END the monitored call ended");
        } else {
            assertThat(srows()).containsExactlyElementsOf(released);
            assertThat(audit()).containsExactly("5005 LEAVE the call went to 5006, outside the supervisor's groups");
        }
        assertThat(hears(call)).containsExactly("5551001 Established hears [5006]", "5006 Established hears [5551001]");
        assertSubscription(mode == ALL_CALLS, "5001");
    }

    @ParameterizedTest
    @EnumSource(MonitoringScope.class)
    void aConferenceWithAnAgentOutsideTheGroupsKeepsTheSupervisorWhileTheMonitoredAgentStays(MonitoringScope scope) {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", "agent5", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, scope, ALL_CALLS);
        String consult = to("agent1", call, INITIATE_CONFERENCE, "5006");
        ok("agent5", consult, ANSWER);
        with("agent1", call, COMPLETE_CONFERENCE, consult);
        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).as("agent1 is still monitored").isPresent();
        audit();

        ok("agent1", call, HANGUP);
        assertThat(sw().call(call).orElseThrow().party(SUPERVISOR_DN)).as("agent1 left").isEmpty();
        assertThat(audit()).containsExactly(scope == AGENT ? "5005 LEAVE the monitored agent left the call"
                : "5005 LEAVE the call went to 5006, outside the supervisor's groups");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5006]", "5006 Established hears [5551001]");
    }

    @Test
    void aTwoStepTransferToAnAgentOutsideTheGroupsReleasesACallScopeMonitor() {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", "agent5", SUPERVISOR);
        String call = monitoredCall(COACH, CALL, ALL_CALLS);
        String consult = to("agent1", call, INITIATE_TRANSFER, "5006");
        ok("agent5", consult, ANSWER);
        audit();

        with("agent1", call, CallOperation.COMPLETE_TRANSFER, consult);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5006]",
                "5005 StatusChange Released Inbound [5551001, 5006] muted as Coach",
                "5006 StatusChange Established Inbound [5551001]",
                "5001 StatusChange Released Consult []",
                "5006 StatusChange Released Consult []");
        assertThat(audit()).containsExactly("5005 LEAVE the call went to 5006, outside the supervisor's groups");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5006]", "5006 Established hears [5551001]");
    }

    // ---- calls the monitored agent places ----

    @Test
    void anOutboundCallOfTheMonitoredAgentIsMonitoredWhenTheCustomerAnswers() {
        logIn("agent1", SUPERVISOR);
        monitored(LISTEN_IN, CALL, NEXT_CALL, "5001");
        discard();
        String call = dial("agent1", EXTERNAL);
        assertThat(srows()).containsExactly("5001 StatusChange Dialing Outbound [5559999]");

        customerAnswer(call, EXTERNAL);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Established Outbound [5559999] listened",
                "5005 StatusChange Established Outbound [5001, 5559999] muted as ListenIn");
        assertThat(hears(call)).containsExactly(
                "5001 Established hears [5559999]",
                "5559999 Established hears [5001]",
                "5005 Established hears [5001, 5559999]");
        assertThat(audit()).containsExactly("5005 JOIN ListenIn");

        ok("agent1", call, HANGUP);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Released Outbound []",
                "5005 StatusChange Released Outbound [] muted as ListenIn",
                monitoringOffRow(SUPERVISOR_DN, "NOT_READY"));
    }

    @ParameterizedTest
    @EnumSource(MonitoringType.class)
    void anInternalCallOfTheMonitoredAgentIsMonitoredWhenTheOtherAgentAnswers(MonitoringType type) {
        logIn("agent1", "agent2", SUPERVISOR);
        monitored(type, AGENT, ALL_CALLS, "5001");
        String call = dial("agent1", "5002");
        discard();

        ok("agent2", call, ANSWER);
        boolean barge = type == BARGE_IN;
        assertThat(srows()).containsExactly(
                "5001 StatusChange Established Internal [5002" + (barge ? ", 5005]" : "] listened"),
                "5002 StatusChange Established Internal [5001" + (barge ? ", 5005]" : "]"),
                "5005 StatusChange Established Internal [5001, 5002]" + (barge ? "" : " muted") + " as " + type.wireName());
        assertThat(hears(call)).containsExactly(
                "5001 Established hears [5002" + (type == LISTEN_IN ? "]" : ", 5005]"),
                "5002 Established hears [5001" + (barge ? ", 5005]" : "]"),
                "5005 Established hears [5001, 5002]");
    }

    @Test
    void aCallToTheMonitoredAgentFromAnotherMonitoredAgentGetsOneSupervisor() {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", "agent2", SUPERVISOR, "supervisor2");
        monitored(LISTEN_IN, CALL, ALL_CALLS, "5001");
        OutcomeAssertions.assertAccepted(monitor("supervisor2", LISTEN_IN, CALL, ALL_CALLS, "5002"));
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);

        CallSnapshot snapshot = sw().call(call).orElseThrow();
        assertThat(snapshot.parties()).extracting(CallSnapshot.Party::number).containsExactly("5001", "5002", "5007");
        assertThat(callIds(SUPERVISOR)).isEmpty();
    }

    @Test
    void ofTwoSupervisorsOnOneRoutingPointTheFirstDeviceJoinsWhoeverAskedFirstAndTheOtherOnceItHasLeft() {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", SUPERVISOR, "supervisor2");
        ready("agent1");
        OutcomeAssertions.assertAccepted(monitor("supervisor2", LISTEN_IN, CALL, ALL_CALLS, TestDirectory.ROUTING_POINT));
        monitored(LISTEN_IN, CALL, ALL_CALLS, TestDirectory.ROUTING_POINT);
        discard();

        String first = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(audit()).containsExactly("5005 JOIN ListenIn");
        customerHangup(first, CUSTOMER);
        OutcomeAssertions.assertAccepted(cancel());
        discard();
        ready("agent1");

        customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(audit()).containsExactly("5007 JOIN ListenIn");
        assertThat(sw().subscriptions()).containsOnlyKeys(harness.deviceId("5007"));
    }

    // ---- SIP Cluster ----

    @ParameterizedTest
    @ValueSource(strings = {"7000", "8000"})
    void sipClusterMonitorsARoutingPointWithListenInAndScopeCallOnly(String number) {
        useEnvironment(EnvironmentType.SIP_CLUSTER, DEFAULTS);
        logIn("agent1", SUPERVISOR);
        discard();

        OutcomeAssertions.assertRefused(monitor(COACH, CALL, ALL_CALLS, number), Refusal.INVALID_PARAMETER);
        OutcomeAssertions.assertRefused(monitor(BARGE_IN, CALL, ALL_CALLS, number), Refusal.INVALID_PARAMETER);
        OutcomeAssertions.assertRefused(monitor(LISTEN_IN, AGENT, ALL_CALLS, number), Refusal.INVALID_PARAMETER);
        OutcomeAssertions.assertRefused(monitor(LISTEN_IN, AGENT, NEXT_CALL, number), Refusal.INVALID_PARAMETER);
        assertThat(srows()).as("refusals change nothing").isEmpty();
        assertThat(subscription()).isNull();

        monitored(LISTEN_IN, CALL, NEXT_CALL, number);
        assertThat(srows()).containsExactly(monitoringRow(SUPERVISOR_DN, "NOT_READY", LISTEN_IN, NEXT_CALL, CALL, number));
        // An agent's device is not a routing point: the limits do not apply to it.
        monitored(COACH, AGENT, ALL_CALLS, "5001");
        assertThat(subscription().type()).isEqualTo(COACH);
    }

    @Test
    void sipClusterSwitchesARoutingPointMonitorOnlyAfterAnAgentAnswered() {
        useEnvironment(EnvironmentType.SIP_CLUSTER, DEFAULTS);
        logIn("agent1", SUPERVISOR);
        ready("agent1");
        monitored(LISTEN_IN, CALL, ALL_CALLS, TestDirectory.ROUTING_POINT);
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        discard();

        assertThat(caps(SUPERVISOR, call)).doesNotContain(SWITCH_TO_BARGE_IN, SWITCH_TO_LISTEN_IN).contains(HANGUP);
        refused(SUPERVISOR, call, CallRequest.of(SWITCH_TO_BARGE_IN), Refusal.NOT_IN_CAPABILITIES);
        assertThat(srows()).isEmpty();

        ok("agent1", call, ANSWER);
        assertThat(srows()).containsExactly(
                "5005 StatusChange Established Inbound [5551001, 5001] muted as ListenIn",
                "5001 StatusChange Established Inbound [5551001] listened");
        assertThat(caps(SUPERVISOR, call)).contains(SWITCH_TO_BARGE_IN);
        ok(SUPERVISOR, call, SWITCH_TO_BARGE_IN);
        assertThat(srows()).containsExactly(
                "5005 StatusChange Established Inbound [5551001, 5001] as BargeIn",
                "5001 StatusChange Established Inbound [5551001, 5005]");
    }

    @Test
    void sipServerSwitchesARoutingPointMonitorAtOnce() {
        logIn("agent1", SUPERVISOR);
        ready("agent1");
        monitored(LISTEN_IN, CALL, ALL_CALLS, TestDirectory.ROUTING_POINT);
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        discard();
        assertThat(caps(SUPERVISOR, call)).contains(SWITCH_TO_BARGE_IN);
    }

    @Test
    void sipClusterNeverMonitorsCallsAlreadyQueuedWhenTheSubscriptionStarts() {
        useEnvironment(EnvironmentType.SIP_CLUSTER, DEFAULTS);
        logIn("agent1", SUPERVISOR);
        String queued = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(sw().call(queued).orElseThrow().waitingAt()).isEqualTo(TestDirectory.QUEUE);
        monitored(LISTEN_IN, CALL, ALL_CALLS, TestDirectory.ROUTING_POINT);
        discard();

        ready("agent1");
        ok("agent1", queued, ANSWER);
        assertThat(sw().call(queued).orElseThrow().party(SUPERVISOR_DN)).as("the call queued before").isEmpty();
        assertThat(srows()).containsExactly("5001 StatusChange Established Inbound [5551001]");

        String arriving = customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        assertThat(sw().call(arriving).orElseThrow().party(SUPERVISOR_DN)).as("a call arriving after").isPresent();
        assertThat(audit()).containsExactly("5005 JOIN ListenIn");
    }

    // ---- requests ----

    @Test
    void aSecondSupervisorCannotMonitorAnAlreadyMonitoredDevice() {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", SUPERVISOR, "supervisor2");
        monitored(LISTEN_IN, CALL, ALL_CALLS, "5001");
        discard();

        OutcomeAssertions.assertRefused(monitor("supervisor2", BARGE_IN, CALL, ALL_CALLS, "5001"), Refusal.NOT_IN_CAPABILITIES);
        assertThat(srows()).isEmpty();
        assertThat(subscription("supervisor2")).isNull();
        assertThat(harness.device("5001").monitoredBy()).isEqualTo(user(SUPERVISOR).id());

        OutcomeAssertions.assertAccepted(monitor("supervisor2", BARGE_IN, CALL, ALL_CALLS, "5002"));
        assertThat(srows()).containsExactly(monitoringRow("5007", "NOT_READY", BARGE_IN, ALL_CALLS, CALL, "5002"));
    }

    @Test
    void aNewRequestReplacesTheOldSubscription() {
        logIn("agent1", "agent2", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        audit();

        monitored(COACH, AGENT, NEXT_CALL, "5002");
        assertThat(srows()).containsExactly(
                monitoringOffRow(SUPERVISOR_DN, "NOT_READY"),
                monitoringRow(SUPERVISOR_DN, "NOT_READY", COACH, NEXT_CALL, AGENT, "5002"),
                "5001 StatusChange Established Inbound [5551001]",
                "5005 StatusChange Released Inbound [5551001, 5001] muted as ListenIn");
        assertThat(audit()).containsExactly("5005 LEAVE replaced by a new request", "5005 END replaced by a new request");
        assertThat(harness.device("5001").monitoredBy()).isNull();
        assertThat(harness.device("5002").monitoredBy()).isEqualTo(user(SUPERVISOR).id());
        assertThat(subscription().targetNumber()).isEqualTo("5002");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");
        assertThat(monitoringEnds(SUPERVISOR_DN)).isEqualTo(1);
        assertThat(monitoringStarts(SUPERVISOR_DN)).isEqualTo(2);
    }

    @Test
    void aNewBargeInRequestOnTheSameAgentReplacesTheListenInLegByABargedInOne() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        audit();

        monitored(BARGE_IN, CALL, ALL_CALLS, "5001");
        assertThat(srows()).containsExactly(
                monitoringOffRow(SUPERVISOR_DN, "NOT_READY"),
                monitoringRow(SUPERVISOR_DN, "NOT_READY", BARGE_IN, ALL_CALLS, CALL, "5001"),
                "5001 StatusChange Established Inbound [5551001, 5005]",
                "5005 StatusChange Released Inbound [5551001, 5001] muted as ListenIn",
                "5005 StatusChange Established Inbound [5551001, 5001] as BargeIn");
        assertThat(audit()).containsExactly("5005 LEAVE replaced by a new request", "5005 END replaced by a new request",
                "5005 JOIN BargeIn");
        assertThat(callIds(SUPERVISOR)).containsExactly(call);
    }

    @Test
    void refusedRequestsChangeNothing() {
        logIn("agent1", SUPERVISOR);
        discard();

        OutcomeAssertions.assertRefused(cancel(), Refusal.NOT_IN_CAPABILITIES);
        OutcomeAssertions.assertRefused(monitor(LISTEN_IN, CALL, ALL_CALLS, SUPERVISOR_DN), Refusal.INVALID_PARAMETER);
        OutcomeAssertions.assertRefused(monitor(LISTEN_IN, CALL, ALL_CALLS, "9999"), Refusal.NOT_FOUND);
        OutcomeAssertions.assertRefused(monitor(LISTEN_IN, CALL, ALL_CALLS, CUSTOMER), Refusal.NOT_FOUND);
        assertThat(srows()).isEmpty();
        assertThat(audit()).isEmpty();
        assertThat(subscription()).isNull();

        monitored(LISTEN_IN, CALL, ALL_CALLS, "5001");
        OutcomeAssertions.assertRefused(monitor(BARGE_IN, CALL, ALL_CALLS, SUPERVISOR_DN), Refusal.INVALID_PARAMETER);
        OutcomeAssertions.assertRefused(monitor(BARGE_IN, CALL, ALL_CALLS, "9999"), Refusal.NOT_FOUND);
        assertThat(subscription().type()).as("a refused request does not replace the subscription").isEqualTo(LISTEN_IN);
        OutcomeAssertions.assertAccepted(cancel());
        OutcomeAssertions.assertRefused(cancel(), Refusal.NOT_IN_CAPABILITIES);
        assertThat(monitoringEnds(SUPERVISOR_DN)).isEqualTo(1);
    }

    // ---- switching, muting, removing ----

    @Test
    void switchingToTheWayAlreadyInUseIsRefused() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        assertThat(caps(SUPERVISOR, call)).doesNotContain(SWITCH_TO_LISTEN_IN);
        refused(SUPERVISOR, call, CallRequest.of(SWITCH_TO_LISTEN_IN), Refusal.NOT_IN_CAPABILITIES);

        ok(SUPERVISOR, call, SWITCH_TO_BARGE_IN);
        discard();
        assertThat(caps(SUPERVISOR, call)).doesNotContain(SWITCH_TO_BARGE_IN);
        refused(SUPERVISOR, call, CallRequest.of(SWITCH_TO_BARGE_IN), Refusal.NOT_IN_CAPABILITIES);
        assertThat(srows()).isEmpty();
        assertThat(view(SUPERVISOR, call).monitoring()).isEqualTo(BARGE_IN);
    }

    @Test
    void coachSwitchesToListenInAndNeverBackToCoach() {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(COACH, CALL, ALL_CALLS);
        audit();
        assertThat(caps(SUPERVISOR, call)).contains(SWITCH_TO_LISTEN_IN, SWITCH_TO_BARGE_IN);
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001, 5005]",
                "5005 Established hears [5551001, 5001]");

        ok(SUPERVISOR, call, SWITCH_TO_LISTEN_IN);
        assertThat(srows()).containsExactly("5005 StatusChange Established Inbound [5551001, 5001] muted as ListenIn");
        assertThat(caps(SUPERVISOR, call)).contains(SWITCH_TO_BARGE_IN).doesNotContain(SWITCH_TO_LISTEN_IN);
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001]",
                "5005 Established hears [5551001, 5001]");

        ok(SUPERVISOR, call, SWITCH_TO_BARGE_IN);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Established Inbound [5551001, 5005]",
                "5005 StatusChange Established Inbound [5551001, 5001] as BargeIn");
        assertThat(caps(SUPERVISOR, call)).contains(SWITCH_TO_LISTEN_IN, REMOVE_PARTICIPANT_FROM_CONFERENCE)
                .doesNotContain(SWITCH_TO_BARGE_IN);
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001, 5005]",
                "5001 Established hears [5551001, 5005]",
                "5005 Established hears [5551001, 5001]");

        ok(SUPERVISOR, call, SWITCH_TO_LISTEN_IN);
        assertThat(srows()).containsExactly(
                "5001 StatusChange Established Inbound [5551001] listened",
                "5005 StatusChange Established Inbound [5551001, 5001] muted as ListenIn");
        assertThat(caps(SUPERVISOR, call)).contains(SWITCH_TO_BARGE_IN).doesNotContain(SWITCH_TO_LISTEN_IN,
                REMOVE_PARTICIPANT_FROM_CONFERENCE);
        assertThat(audit()).containsExactly("5005 SWITCH ListenIn", "5005 SWITCH BargeIn", "5005 SWITCH ListenIn");

        // The subscription stays what was asked for: the next call starts with Coach again.
        assertThat(subscription().type()).isEqualTo(COACH);
        assertThat(harness.device(SUPERVISOR_DN).monitoring().type()).isEqualTo(COACH);
        customerHangup(call, CUSTOMER);
        discard();
        String next = agent1OnACall(CUSTOMER2);
        assertThat(view(SUPERVISOR, next).monitoring()).isEqualTo(COACH);
    }

    @Test
    void theSubscriptionShowsWhatWasAskedForWhateverTheCallSwitchedTo() {
        useDirectory(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, DEFAULTS));
        logIn("agent1", SUPERVISOR, "supervisor2");
        String call = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        ok(SUPERVISOR, call, SWITCH_TO_BARGE_IN);
        discard();

        // Another supervisor's request must not change what supervisor1's subscription shows.
        OutcomeAssertions.assertAccepted(monitor("supervisor2", LISTEN_IN, CALL, ALL_CALLS, "5002"));
        assertThat(subscription().type()).isEqualTo(LISTEN_IN);
        assertThat(harness.device(SUPERVISOR_DN).monitoring()).isEqualTo(subscription());
        assertThat(view(SUPERVISOR, call).monitoring()).isEqualTo(BARGE_IN);
    }

    @ParameterizedTest
    @EnumSource(MonitoringType.class)
    void muteMonitoredUserLetsOnlyTheSupervisorHearTheAgent(MonitoringType type) {
        logIn("agent1", SUPERVISOR);
        String call = monitoredCall(type, CALL, ALL_CALLS);
        audit();
        boolean barge = type == BARGE_IN;
        String agentSees = barge ? "[5551001, 5005]" : "[5551001] listened";
        String supervisorIs = (barge ? "" : " muted") + " as " + type.wireName();

        ok(SUPERVISOR, call, MUTE_MONITORED_USER);
        assertThat(srows()).containsExactly(
                "5001 MonitoredUserMutedStateChange Established Inbound " + agentSees + " userMuted",
                "5005 MonitoredUserMutedStateChange Established Inbound [5551001, 5001]" + supervisorIs + " userMuted");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [" + (barge ? "5005" : "") + "]",
                "5001 Established hears [5551001" + (type == LISTEN_IN ? "]" : ", 5005]"),
                "5005 Established hears [5551001, 5001]");
        assertThat(caps(SUPERVISOR, call)).contains(UNMUTE_MONITORED_USER).doesNotContain(MUTE_MONITORED_USER);
        assertThat(view("agent1", call).monitoredUserMuted()).isTrue();

        ok(SUPERVISOR, call, UNMUTE_MONITORED_USER);
        assertThat(srows()).containsExactly(
                "5001 MonitoredUserMutedStateChange Established Inbound " + agentSees,
                "5005 MonitoredUserMutedStateChange Established Inbound [5551001, 5001]" + supervisorIs);
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001" + (barge ? ", 5005]" : "]"),
                "5001 Established hears [5551001" + (type == LISTEN_IN ? "]" : ", 5005]"),
                "5005 Established hears [5551001, 5001]");
        assertThat(caps(SUPERVISOR, call)).contains(MUTE_MONITORED_USER).doesNotContain(UNMUTE_MONITORED_USER);
        assertThat(audit()).containsExactly("5005 MUTE", "5005 UNMUTE");
    }

    @Test
    void theMuteOfTheMonitoredAgentDoesNotFollowTheCallToTheNextAgent() {
        logIn("agent1", "agent2", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        ok(SUPERVISOR, call, MUTE_MONITORED_USER);
        discard();

        to("agent1", call, SINGLE_STEP_TRANSFER, "5002");
        ok("agent2", call, ANSWER);
        assertThat(view(SUPERVISOR, call).monitoredUserMuted()).isFalse();
        assertThat(view("agent2", call).monitoredUserMuted()).isFalse();
        assertThat(view("agent2", call).supervisorListeningIn()).isTrue();
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5002]",
                "5005 Established hears [5551001, 5002]",
                "5002 Established hears [5551001]");
        assertThat(caps(SUPERVISOR, call)).contains(MUTE_MONITORED_USER);
    }

    @Test
    void aBargedInSupervisorRemovesAParticipantFromTheConference() {
        logIn("agent1", "agent2", SUPERVISOR);
        String call = monitoredCall(BARGE_IN, CALL, ALL_CALLS);
        String consult = to("agent1", call, INITIATE_CONFERENCE, "5002");
        ok("agent2", consult, ANSWER);
        with("agent1", call, COMPLETE_CONFERENCE, consult);
        discard();
        assertThat(caps(SUPERVISOR, call)).contains(REMOVE_PARTICIPANT_FROM_CONFERENCE);

        OutcomeAssertions.assertAccepted(perform(SUPERVISOR, call,
                new CallRequest(REMOVE_PARTICIPANT_FROM_CONFERENCE, null, null, null, null, null, "5002")));
        assertThat(srows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5005]",
                "5005 ParticipantsUpdated Established Inbound [5551001, 5001] as BargeIn",
                "5002 StatusChange Released Inbound [5551001, 5001, 5005]");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001, 5005]",
                "5001 Established hears [5551001, 5005]",
                "5005 Established hears [5551001, 5001]");
        OutcomeAssertions.assertRefused(perform(SUPERVISOR, call,
                new CallRequest(REMOVE_PARTICIPANT_FROM_CONFERENCE, null, null, null, null, null, "5005")), Refusal.INVALID_PARAMETER);
    }

    @Test
    void aListeningSupervisorCannotRemoveParticipants() {
        logIn("agent1", "agent2", SUPERVISOR);
        String call = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        String consult = to("agent1", call, INITIATE_CONFERENCE, "5002");
        ok("agent2", consult, ANSWER);
        with("agent1", call, COMPLETE_CONFERENCE, consult);
        discard();

        assertThat(caps(SUPERVISOR, call)).doesNotContain(REMOVE_PARTICIPANT_FROM_CONFERENCE);
        refused(SUPERVISOR, call, new CallRequest(REMOVE_PARTICIPANT_FROM_CONFERENCE, null, null, null, null, null, "5002"),
                Refusal.NOT_IN_CAPABILITIES);
        assertThat(srows()).isEmpty();
    }

    // ---- one monitored call at a time ----

    @Test
    void aSupervisorIsOnOneMonitoredCallAtATime() {
        logIn("agent1", "agent2", SUPERVISOR);
        String first = monitoredCall(LISTEN_IN, CALL, ALL_CALLS);
        to("agent1", first, SINGLE_STEP_TRANSFER, "5002");
        ok("agent2", first, ANSWER);
        discard();
        assertThat(sw().call(first).orElseThrow().party(SUPERVISOR_DN)).as("the supervisor followed the call").isPresent();

        String second = agent1OnACall(CUSTOMER2);
        assertThat(sw().call(second).orElseThrow().party(SUPERVISOR_DN)).as("busy: not monitored").isEmpty();
        assertThat(view("agent1", second).supervisorListeningIn()).isFalse();

        customerHangup(first, CUSTOMER);
        discard();
        assertThat(sw().call(second).orElseThrow().party(SUPERVISOR_DN)).as("a call in progress is not joined later").isEmpty();
        customerHangup(second, CUSTOMER2);
        String third = agent1OnACall("5551003");
        assertThat(sw().call(third).orElseThrow().party(SUPERVISOR_DN)).as("free again: monitored").isPresent();
    }

    @Test
    void aCallTheMonitoredAgentTakesWhileHoldingTheMonitoredOneIsNotMonitored() {
        logIn("agent1", SUPERVISOR);
        String first = monitoredCall(BARGE_IN, AGENT, ALL_CALLS);
        ok("agent1", first, HOLD);
        String second = agent1OnACall(CUSTOMER2);
        assertThat(sw().call(second).orElseThrow().party(SUPERVISOR_DN)).isEmpty();
        assertThat(callIds(SUPERVISOR)).containsExactly(first);
    }

    @Test
    void aSupervisorOnTheirOwnCallIsNotPulledIntoAMonitoredOne() {
        logIn("agent1", SUPERVISOR);
        String own = customerCall(CUSTOMER2, SUPERVISOR_DN);
        ok(SUPERVISOR, own, ANSWER);
        String agents = agent1OnACall(CUSTOMER);

        monitored(BARGE_IN, CALL, ALL_CALLS, "5001");
        assertThat(sw().call(agents).orElseThrow().party(SUPERVISOR_DN)).as("no intrusion while busy").isEmpty();
        customerHangup(agents, CUSTOMER);
        String next = agent1OnACall("5551003");
        assertThat(sw().call(next).orElseThrow().party(SUPERVISOR_DN)).as("no next call while busy").isEmpty();
        assertThat(callIds(SUPERVISOR)).containsExactly(own);
        assertThat(caps(SUPERVISOR, own)).contains(HOLD);
    }

    @Test
    void theMonitoredAgentCallingTheSupervisorIsAnOrdinaryCall() {
        logIn("agent1", SUPERVISOR);
        monitored(LISTEN_IN, CALL, ALL_CALLS, "5001");
        String call = dial("agent1", SUPERVISOR_DN);
        ok(SUPERVISOR, call, ANSWER);
        assertThat(hears(call)).containsExactly("5001 Established hears [5005]", "5005 Established hears [5001]");
        assertThat(callIds(SUPERVISOR)).containsExactly(call);
        assertThat(view(SUPERVISOR, call).monitoring()).isNull();
        assertThat(audit()).isEmpty();
    }

    // ---- audit ----

    @Test
    void theAuditFollowsAWholeLifecycle() {
        logIn("agent1", SUPERVISOR);
        state("agent1", AgentState.READY);
        discard();
        monitored(LISTEN_IN, CALL, ALL_CALLS, "5001");
        String first = agent1OnACall(CUSTOMER);
        ok(SUPERVISOR, first, SWITCH_TO_BARGE_IN);
        ok(SUPERVISOR, first, MUTE_MONITORED_USER);
        ok(SUPERVISOR, first, UNMUTE_MONITORED_USER);
        ok(SUPERVISOR, first, SWITCH_TO_LISTEN_IN);
        customerHangup(first, CUSTOMER);
        String second = agent1OnACall(CUSTOMER2);
        ok(SUPERVISOR, second, HANGUP);
        OutcomeAssertions.assertAccepted(cancel());

        assertThat(EventRows.auditRows(harness.directory(), harness.events().events())).containsExactly(
                "5005 JOIN ListenIn",
                "5005 SWITCH BargeIn",
                "5005 MUTE",
                "5005 UNMUTE",
                "5005 SWITCH ListenIn",
                "5005 LEAVE the call ended",
                "5005 JOIN ListenIn",
                "5005 LEAVE the supervisor hung up",
                "5005 END cancelled by the supervisor");
        List<MonitoringEvent> events = harness.events().events().stream().filter(MonitoringEvent.class::isInstance)
                .map(MonitoringEvent.class::cast).toList();
        assertThat(events).extracting(e -> e.kind() + " " + e.detail() + (e.callId() == null ? "" : e.callId().equals(first)
                ? " on first" : e.callId().equals(second) ? " on second" : " on " + e.callId())).containsExactly(
                        "JOIN ListenIn on first",
                        "SWITCH BargeIn on first",
                        "MUTE null on first",
                        "UNMUTE null on first",
                        "SWITCH ListenIn on first",
                        "LEAVE the call ended on first",
                        "JOIN ListenIn on second",
                        "LEAVE the supervisor hung up on second",
                        "END cancelled by the supervisor");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.supervisorUserId()).isEqualTo(user(SUPERVISOR).id());
            assertThat(e.targetNumber()).isEqualTo("5001");
            assertThat(e.at()).isNotNull();
        });
    }

    private static List<String> concat(List<String> rows, String more) {
        List<String> result = new java.util.ArrayList<>(rows);
        result.add(more);
        return result;
    }
}
