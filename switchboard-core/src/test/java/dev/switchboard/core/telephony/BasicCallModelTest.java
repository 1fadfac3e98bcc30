package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.ATTACH_USER_DATA;
import static dev.switchboard.core.command.CallOperation.CLEAR_CALL;
import static dev.switchboard.core.command.CallOperation.DELETE_USER_DATA;
import static dev.switchboard.core.command.CallOperation.DELETE_USER_DATA_PAIR;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static dev.switchboard.core.command.CallOperation.HOLD;
import static dev.switchboard.core.command.CallOperation.INITIATE_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.INITIATE_TRANSFER;
import static dev.switchboard.core.command.CallOperation.MUTE_CALL;
import static dev.switchboard.core.command.CallOperation.RETRIEVE;
import static dev.switchboard.core.command.CallOperation.SEND_DTMF;
import static dev.switchboard.core.command.CallOperation.SINGLE_STEP_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.SINGLE_STEP_TRANSFER;
import static dev.switchboard.core.command.CallOperation.UPDATE_USER_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/** Internal and external two-party calls, hold and retrieve, busy (DND) and forwarded destinations: exact events. */
class BasicCallModelTest extends CallModelSupport {

    @Test
    void internalCallDialRingAnswerAndCallerHangsUp() {
        logIn("agent1", "agent2");

        String call = dial("agent1", "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5002]",
                "5002 StatusChange Ringing Internal [5001]");
        assertThat(hears(call)).containsExactly("5001 Dialing hears []", "5002 Ringing hears []");
        assertThat(caps("agent1", call)).containsExactly(HANGUP, SEND_DTMF, ATTACH_USER_DATA, UPDATE_USER_DATA,
                DELETE_USER_DATA_PAIR, DELETE_USER_DATA);
        assertThat(caps("agent2", call)).containsExactly(ANSWER, HANGUP, CLEAR_CALL, ATTACH_USER_DATA, UPDATE_USER_DATA,
                DELETE_USER_DATA_PAIR, DELETE_USER_DATA);

        ok("agent2", call, ANSWER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5002]",
                "5002 StatusChange Established Internal [5001]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
        CallSnapshot snapshot = sw().call(call).orElseThrow();
        assertThat(snapshot.ani()).isEqualTo("5001");
        assertThat(snapshot.dnis()).isEqualTo("5002");
        assertThat(snapshot.parties()).extracting(CallSnapshot.Party::role)
                .containsExactly(PartyRole.ORIGINATOR, PartyRole.DESTINATION);
        assertThat(caps("agent1", call)).contains(HOLD, INITIATE_TRANSFER, SINGLE_STEP_TRANSFER, INITIATE_CONFERENCE,
                SINGLE_STEP_CONFERENCE, MUTE_CALL).doesNotContain(ANSWER, RETRIEVE);

        ok("agent1", call, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []");
        assertThat(hears(call)).isEmpty();
        assertThat(ended(call)).isTrue();
        assertThat(sw().callsOf(user("agent1"))).isEmpty();
        assertThat(sw().callsOf(user("agent2"))).isEmpty();
        assertThat(harness.await(sw().liveCalls())).isEmpty();
    }

    @Test
    void internalCallCalleeHangsUp() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);
        rows();

        ok("agent2", call, HANGUP);
        // Announced in the order the parties joined, whoever hung up.
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []");
        assertThat(ended(call)).isTrue();
    }

    @Test
    void calleeRejectsARingingCall() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        rows();

        ok("agent2", call, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []");
        assertThat(ended(call)).isTrue();
    }

    @Test
    void callerAbandonsARingingCall() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        rows();

        ok("agent1", call, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []");
        assertThat(ended(call)).isTrue();
    }

    @Test
    void dialToAnExternalNumberTheCustomerAnswersAndHangsUp() {
        logIn("agent1");

        String call = dial("agent1", EXTERNAL, Map.of("campaign", "spring"));
        assertThat(rows()).containsExactly("5001 StatusChange Dialing Outbound [5559999]");
        assertThat(hears(call)).containsExactly("5001 Dialing hears []", "5559999 Ringing hears []");
        assertThat(sw().call(call).orElseThrow().party(EXTERNAL).orElseThrow().external()).isTrue();
        assertThat(view("agent1", call).userData()).containsExactly(Map.entry("campaign", "spring"));

        customerAnswer(call, EXTERNAL);
        assertThat(rows()).containsExactly("5001 StatusChange Established Outbound [5559999]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5559999]", "5559999 Established hears [5001]");

        customerHangup(call, EXTERNAL);
        assertThat(rows()).containsExactly("5001 StatusChange Released Outbound []");
        assertThat(ended(call)).isTrue();
    }

    @Test
    void agentHangsUpAnExternalCall() {
        logIn("agent1");
        String call = dial("agent1", EXTERNAL);
        customerAnswer(call, EXTERNAL);
        rows();

        ok("agent1", call, HANGUP);
        assertThat(rows()).containsExactly("5001 StatusChange Released Outbound []");
        assertThat(hears(call)).isEmpty();
        assertThat(ended(call)).isTrue();
    }

    @Test
    void directInboundCallFromACustomer() {
        logIn("agent1");

        String call = customerCall(CUSTOMER, "5001", Map.of("account", "42"));
        assertThat(rows()).containsExactly("5001 StatusChange Ringing Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Dialing hears []", "5001 Ringing hears []");

        ok("agent1", call, ANSWER);
        assertThat(rows()).containsExactly("5001 StatusChange Established Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");
        assertThat(view("agent1", call).userData()).containsExactly(Map.entry("account", "42"));
        assertThat(view("agent1", call).ani()).isEqualTo(CUSTOMER);
    }

    @Test
    void holdAndRetrieve() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);
        rows();

        ok("agent1", call, HOLD);
        // The other side is not told: its view of the call did not change.
        assertThat(rows()).containsExactly("5001 StatusChange Held Internal [5002]");
        assertThat(hears(call)).containsExactly("5001 Held hears []", "5002 Established hears []");
        assertThat(caps("agent1", call)).contains(RETRIEVE, HANGUP, INITIATE_TRANSFER, SINGLE_STEP_TRANSFER,
                INITIATE_CONFERENCE, SINGLE_STEP_CONFERENCE).doesNotContain(HOLD, SEND_DTMF, MUTE_CALL);

        ok("agent1", call, RETRIEVE);
        assertThat(rows()).containsExactly("5001 StatusChange Established Internal [5002]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void bothSidesHoldThenTheCalleeHangsUpWhileHeld() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);
        ok("agent1", call, HOLD);
        ok("agent2", call, HOLD);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5002]",
                "5002 StatusChange Ringing Internal [5001]",
                "5001 StatusChange Established Internal [5002]",
                "5002 StatusChange Established Internal [5001]",
                "5001 StatusChange Held Internal [5002]",
                "5002 StatusChange Held Internal [5001]");
        assertThat(hears(call)).containsExactly("5001 Held hears []", "5002 Held hears []");

        ok("agent2", call, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []");
    }

    @Test
    void aHeldCallLetsTheDeviceAnswerASecondCallAndRetrieveOnlyAfterHoldingIt() {
        logIn("agent1", "agent2", "agent3");
        String first = dial("agent1", "5002");
        ok("agent2", first, ANSWER);
        rows();

        String second = dial("agent3", "5001");
        // The new call cannot be answered while the first one is established.
        assertThat(rows()).containsExactly(
                "5003 StatusChange Dialing Internal [5001]",
                "5001 StatusChange Ringing Internal [5003]");
        assertThat(caps("agent1", second)).doesNotContain(ANSWER);
        refused("agent1", second, CallRequest.of(ANSWER), Refusal.NOT_IN_CAPABILITIES);
        assertThat(rows()).isEmpty();

        ok("agent1", first, HOLD);
        // Holding the first call makes the second answerable: its capabilities changed, so it is announced again.
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Internal [5002]",
                "5001 StatusChange Ringing Internal [5003]");
        assertThat(caps("agent1", second)).contains(ANSWER);

        ok("agent1", second, ANSWER);
        assertThat(rows()).containsExactly(
                "5003 StatusChange Established Internal [5001]",
                "5001 StatusChange Established Internal [5003]",
                "5001 StatusChange Held Internal [5002]");
        assertThat(caps("agent1", first)).doesNotContain(RETRIEVE);
        assertThat(hears(second)).containsExactly("5003 Established hears [5001]", "5001 Established hears [5003]");
        assertThat(hears(first)).containsExactly("5001 Held hears []", "5002 Established hears []");

        ok("agent1", second, HANGUP);
        assertThat(rows()).containsExactly(
                "5003 StatusChange Released Internal []",
                "5001 StatusChange Released Internal []",
                "5001 StatusChange Held Internal [5002]");
        assertThat(caps("agent1", first)).contains(RETRIEVE);
        ok("agent1", first, RETRIEVE);
        assertThat(rows()).containsExactly("5001 StatusChange Established Internal [5002]");
    }

    @Test
    void dialWhileAnotherCallIsActiveOrToItselfIsRefused() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        rows();

        OutcomeAssertions.assertRefused(harness.await(sw().dial(user("agent1"), harness.deviceId("5001"), "5003", Map.of())),
                Refusal.NOT_IN_CAPABILITIES);
        OutcomeAssertions.assertRefused(harness.await(sw().dial(user("agent2"), harness.deviceId("5002"), "5002", Map.of())),
                Refusal.INVALID_PARAMETER);
        assertThat(rows()).isEmpty();
        assertThat(callIds("agent1")).containsExactly(call);
    }

    @Test
    void dialToADeviceInDoNotDisturbFailsBusy() {
        logIn("agent1", "agent2");
        harness.await(sw().setDoNotDisturb(user("agent2"), harness.deviceId("5002"), true));
        rows();

        String call = dial("agent1", "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5001 CallFailed 56");
        assertThat(ended(call)).isTrue();
        assertThat(sw().call(call).orElseThrow().parties()).extracting(CallSnapshot.Party::number, CallSnapshot.Party::state)
                .containsExactly(org.assertj.core.api.Assertions.tuple("5001", PartyState.RELEASED));
        assertThat(sw().callsOf(user("agent1"))).isEmpty();
        assertThat(sw().callsOf(user("agent2"))).isEmpty();
    }

    @Test
    void aCustomerCallingADeviceInDoNotDisturbIsRefusedBusy() {
        logIn("agent1");
        harness.await(sw().setDoNotDisturb(user("agent1"), harness.deviceId("5001"), true));
        rows();

        OutcomeAssertions.assertRefused(harness.await(sw().customerCall(CUSTOMER, "5001", Map.of())), Refusal.IN_USE);
        // A refused command changed nothing: not even the simulator hears of a call.
        assertThat(harness.events().drain()).isEmpty();
        assertThat(harness.await(sw().liveCalls())).isEmpty();
    }

    @Test
    void forwardingRedirectsDirectCalls() {
        logIn("agent1", "agent2", "agent3");
        harness.await(sw().setForwarding(user("agent2"), harness.deviceId("5002"), "5003"));
        rows();

        String call = dial("agent1", "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5003]",
                "5003 StatusChange Ringing Internal [5001]");
        CallSnapshot snapshot = sw().call(call).orElseThrow();
        assertThat(snapshot.dnis()).isEqualTo("5002");
        assertThat(snapshot.party("5002")).isEmpty();
        assertThat(callIds("agent2")).isEmpty();

        ok("agent3", call, ANSWER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5003]",
                "5003 StatusChange Established Internal [5001]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5003]", "5003 Established hears [5001]");
    }

    @Test
    void forwardingToAnExternalNumberAndChainsOfForwards() {
        logIn("agent1", "agent2", "agent3");
        harness.await(sw().setForwarding(user("agent2"), harness.deviceId("5002"), "5003"));
        harness.await(sw().setForwarding(user("agent3"), harness.deviceId("5003"), EXTERNAL));
        rows();

        String call = customerCall(CUSTOMER, "5002");
        // Nobody inside the switch is in the call: no client hears of it.
        assertThat(rows()).isEmpty();
        assertThat(hears(call)).containsExactly("5551001 Dialing hears []", "5559999 Ringing hears []");
        customerAnswer(call, EXTERNAL);
        assertThat(hears(call)).containsExactly("5551001 Established hears [5559999]", "5559999 Established hears [5551001]");
    }

    @Test
    void forwardingLoopsEndAtTheLastHop() {
        logIn("agent1", "agent2", "agent3");
        harness.await(sw().setForwarding(user("agent2"), harness.deviceId("5002"), "5003"));
        harness.await(sw().setForwarding(user("agent3"), harness.deviceId("5003"), "5002"));
        rows();

        String call = dial("agent1", "5002");
        // Five hops 5002 → 5003 → 5002 → 5003 → 5002 → 5003, then the call rings where it is.
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5003]",
                "5003 StatusChange Ringing Internal [5001]");
        assertThat(sw().call(call).orElseThrow().party("5003")).isPresent();
    }

    @Test
    void forwardingBackToTheCallerIsBusy() {
        logIn("agent1", "agent2");
        harness.await(sw().setForwarding(user("agent2"), harness.deviceId("5002"), "5001"));
        rows();

        String call = dial("agent1", "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5001 CallFailed 56");
        assertThat(ended(call)).isTrue();
    }

    @Test
    void aDeviceWithNobodyLoggedInRingsButNoClientHearsOfIt() {
        logIn("agent1");

        String call = dial("agent1", "5004");
        assertThat(rows()).containsExactly("5001 StatusChange Dialing Internal [5004]");
        assertThat(hears(call)).containsExactly("5001 Dialing hears []", "5004 Ringing hears []");
        ok("agent1", call, HANGUP);
        assertThat(rows()).containsExactly("5001 StatusChange Released Internal []");
        assertThat(ended(call)).isTrue();
    }

    @Test
    void dialNeedsASession() {
        logIn("agent1");
        harness.await(harness.contactCenter().endSession(user("agent1")));
        rows();

        OutcomeAssertions.assertRefused(harness.await(sw().dial(user("agent1"), harness.deviceId("5001"), "5002", Map.of())),
                Refusal.NOT_IN_CAPABILITIES);
        assertThat(rows()).isEmpty();
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.LOGGED_OUT);
    }
}
