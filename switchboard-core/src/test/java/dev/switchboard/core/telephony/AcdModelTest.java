package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;

/**
 * Inbound ACD calls: routing point 7000 → queue 8000 → longest-idle Ready member of Sales; ring no answer, wrap-up,
 * callers waiting in order and leaving the queue. Exact ordered events, agent-state rows and who hears whom.
 */
class AcdModelTest extends CallModelSupport {

    @Test
    void offeredAnsweredAndTheCustomerHangsUp() {
        logIn("agent1");
        ready("agent1");

        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT, Map.of("account", "42"));
        assertThat(rows()).containsExactly("5001 StatusChange Ringing Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Dialing hears []", "5001 Ringing hears []");
        CallSnapshot offered = sw().call(call).orElseThrow();
        assertThat(offered.dnis()).isEqualTo("7000");
        assertThat(offered.waitingAt()).isNull();
        assertThat(view("agent1", call).userData()).containsExactly(Map.entry("account", "42"));

        ok("agent1", call, ANSWER);
        assertThat(rows()).containsExactly("5001 StatusChange Established Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");

        customerHangup(call, CUSTOMER);
        // No wrap-up in Sales (wrapUpSeconds 0): the agent stays Ready.
        assertThat(rows()).containsExactly("5001 StatusChange Released Inbound []");
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.READY);
        assertThat(ended(call)).isTrue();
    }

    @Test
    void theAgentHangsUp() {
        logIn("agent1");
        ready("agent1");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        ok("agent1", call, ANSWER);
        rows();

        ok("agent1", call, HANGUP);
        assertThat(rows()).containsExactly("5001 StatusChange Released Inbound []");
        assertThat(hears(call)).isEmpty();
        assertThat(ended(call)).isTrue();
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.READY);
    }

    @Test
    void callingTheQueueDirectlyWorksTheSame() {
        logIn("agent2");
        ready("agent2");

        String call = customerCall(CUSTOMER, TestDirectory.QUEUE);
        assertThat(rows()).containsExactly("5002 StatusChange Ringing Inbound [5551001]");
        assertThat(sw().call(call).orElseThrow().dnis()).isEqualTo("8000");
    }

    @Test
    void anAgentDialingTheRoutingPointReachesAnotherAgent() {
        logIn("agent1", "agent2");
        ready("agent2");

        String call = dial("agent1", TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5002]",
                "5002 StatusChange Ringing Internal [5001]");
        ok("agent2", call, ANSWER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5002]",
                "5002 StatusChange Established Internal [5001]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void wrapUpAfterAnAnsweredAcdCallThenReadyOnFakeTime() {
        useDirectory(TestDirectory.build(30));
        logIn("agent1");
        ready("agent1");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        ok("agent1", call, ANSWER);
        rows();

        customerHangup(call, CUSTOMER);
        // The call's events first, then the agent state it caused.
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound []",
                "5001 AGENT_STATE AFTER_CALL_WORK");

        // A caller arriving during wrap-up waits.
        String next = customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        assertThat(rows()).isEmpty();
        assertThat(sw().call(next).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(next)).containsExactly("5551002 Dialing hears []");

        advance(29);
        assertThat(rows()).isEmpty();
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.AFTER_CALL_WORK);

        advance(1);
        assertThat(rows()).containsExactly(
                "5001 AGENT_STATE READY",
                "5001 StatusChange Ringing Inbound [5551002]");
        assertThat(sw().call(next).orElseThrow().waitingAt()).isNull();
    }

    @Test
    void noWrapUpForAnAcdOfferThatWasNeverAnswered() {
        useDirectory(TestDirectory.build(30));
        logIn("agent1");
        ready("agent1");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        rows();

        customerHangup(call, CUSTOMER);
        assertThat(rows()).containsExactly("5001 StatusChange Released Inbound []");
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.READY);
    }

    @Test
    void noWrapUpAfterADirectCall() {
        useDirectory(TestDirectory.build(30));
        logIn("agent1");
        ready("agent1");
        String call = customerCall(CUSTOMER, "5001");
        ok("agent1", call, ANSWER);
        ok("agent1", call, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Ringing Inbound [5551001]",
                "5001 StatusChange Established Inbound [5551001]",
                "5001 StatusChange Released Inbound []");
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.READY);
    }

    @Test
    void ringNoAnswerReturnsTheCallToTheHeadOfTheQueueAndTheAgentGoesNotReady() {
        logIn("agent1", "agent2");
        ready("agent1");
        String first = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        advance(5);
        String second = customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5001 StatusChange Ringing Inbound [5551001]");
        assertThat(sw().call(second).orElseThrow().waitingAt()).isEqualTo("8000");

        advance(9);
        assertThat(rows()).isEmpty();

        advance(1);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001]",
                "5001 AGENT_STATE NOT_READY");
        assertThat(sw().call(first).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(first)).containsExactly("5551001 Dialing hears []");
        assertThat(sw().callsOf(user("agent1"))).isEmpty();

        // The returned call is ahead of the one that waited longer in the queue.
        ready("agent2");
        assertThat(callIds("agent2")).containsExactly(first);
        assertThat(sw().call(second).orElseThrow().waitingAt()).isEqualTo("8000");
    }

    @Test
    void ringNoAnswerOffersTheCallToTheNextReadyAgent() {
        logIn("agent1", "agent2");
        ready("agent1");
        advance(1);
        ready("agent2");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5001 StatusChange Ringing Inbound [5551001]");

        advance(15);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001]",
                "5001 AGENT_STATE NOT_READY",
                "5002 StatusChange Ringing Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Dialing hears []", "5002 Ringing hears []");

        // The new offer has its own ring-no-answer time.
        advance(14);
        assertThat(rows()).isEmpty();
        ok("agent2", call, ANSWER);
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551001]");
        advance(60);
        assertThat(rows()).isEmpty();
    }

    @Test
    void theCallerHangsUpWhileQueued() {
        logIn("agent1");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).isEmpty();
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(harness.await(sw().liveCalls())).extracting(CallSnapshot::id).containsExactly(call);

        customerHangup(call, CUSTOMER);
        assertThat(rows()).isEmpty();
        assertThat(sw().call(call).orElseThrow().waitingAt()).isNull();
        assertThat(ended(call)).isTrue();
        assertThat(harness.await(sw().liveCalls())).isEmpty();

        state("agent1", AgentState.READY);
        assertThat(rows()).containsExactly("5001 AGENT_STATE READY");
        assertThat(sw().callsOf(user("agent1"))).isEmpty();
    }

    @Test
    void theCallerHangsUpWhileOffered() {
        logIn("agent1");
        ready("agent1");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        rows();

        customerHangup(call, CUSTOMER);
        assertThat(rows()).containsExactly("5001 StatusChange Released Inbound []");
        // The ring-no-answer timer died with the offer.
        advance(30);
        assertThat(rows()).isEmpty();
        assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.READY);
    }

    @Test
    void twoCallersAreServedInArrivalOrder() {
        logIn("agent1", "agent2");
        String first = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        String second = customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        assertThat(rows()).isEmpty();

        state("agent2", AgentState.READY);
        assertThat(rows()).containsExactly(
                "5002 AGENT_STATE READY",
                "5002 StatusChange Ringing Inbound [5551001]");
        assertThat(callIds("agent2")).containsExactly(first);

        state("agent1", AgentState.READY);
        assertThat(rows()).containsExactly(
                "5001 AGENT_STATE READY",
                "5001 StatusChange Ringing Inbound [5551002]");
        assertThat(callIds("agent1")).containsExactly(second);
    }

    @Test
    void theNextWaitingCallerIsOfferedAsSoonAsTheAgentIsFree() {
        logIn("agent1");
        ready("agent1");
        String first = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        ok("agent1", first, ANSWER);
        String second = customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        rows();
        assertThat(sw().call(second).orElseThrow().waitingAt()).isEqualTo("8000");

        ok("agent1", first, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound []",
                "5001 StatusChange Ringing Inbound [5551002]");
        assertThat(sw().call(second).orElseThrow().waitingAt()).isNull();
    }

    @Test
    void theNextWaitingCallerIsOfferedWhenTheCustomerEndsTheCall() {
        logIn("agent1");
        ready("agent1");
        String first = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        ok("agent1", first, ANSWER);
        customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        rows();

        customerHangup(first, CUSTOMER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound []",
                "5001 StatusChange Ringing Inbound [5551002]");
    }

    @Test
    void theLongestIdleReadyAgentGetsTheCall() {
        logIn("agent1", "agent2", "agent3");
        ready("agent3");
        advance(1);
        ready("agent1");
        advance(1);
        ready("agent2");

        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5003 StatusChange Ringing Inbound [5551001]");
        ok("agent3", call, ANSWER);
        rows();

        String next = customerCall(CUSTOMER2, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5001 StatusChange Ringing Inbound [5551002]");
        ok("agent1", next, ANSWER);

        // agent3 finishes first: idle since then, which is after agent2 became Ready.
        advance(1);
        ok("agent3", call, HANGUP);
        rows();
        String third = customerCall("5551003", TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5002 StatusChange Ringing Inbound [5551003]");
        assertThat(callIds("agent2")).containsExactly(third);
    }

    @Test
    void equallyIdleAgentsAreChosenInDirectoryOrder() {
        // Fake time makes ties common (agents made Ready in one instant); the choice must not depend on hash order,
        // or a run could not be replayed.
        logIn("agent4", "agent2", "agent3", "agent1");
        ready("agent4", "agent2", "agent3", "agent1");

        List<String> offeredTo = new java.util.ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            customerCall("555100" + n, TestDirectory.ROUTING_POINT);
            List<String> rows = rows();
            assertThat(rows).hasSize(1);
            offeredTo.add(rows.get(0).substring(0, 4));
        }
        assertThat(offeredTo).containsExactly("5001", "5002", "5003", "5004");
    }

    @Test
    void agentsWhoAreNotReadyBusyInDoNotDisturbOrForwardingAreSkipped() {
        logIn("agent1", "agent2", "agent3", "agent4");
        ready("agent1", "agent2", "agent3");
        harness.await(sw().setDoNotDisturb(user("agent1"), harness.deviceId("5001"), true));
        harness.await(sw().setForwarding(user("agent2"), harness.deviceId("5002"), "5004"));
        String busy = dial("agent3", "5004");
        rows();

        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).isEmpty();
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");

        // The first agent to become free gets it.
        ok("agent3", busy, HANGUP);
        assertThat(rows()).containsExactly(
                "5003 StatusChange Released Internal []",
                "5004 StatusChange Released Internal []",
                "5003 StatusChange Ringing Inbound [5551001]");
    }

    @Test
    void doNotDisturbOffOffersTheWaitingCall() {
        logIn("agent1");
        ready("agent1");
        harness.await(sw().setDoNotDisturb(user("agent1"), harness.deviceId("5001"), true));
        customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        rows();

        harness.await(sw().setDoNotDisturb(user("agent1"), harness.deviceId("5001"), false));
        assertThat(rows()).containsExactly(
                "5001 DO_NOT_DISTURB READY",
                "5001 StatusChange Ringing Inbound [5551001]");
    }

    @Test
    void logoutReturnsARingingOfferToTheQueue() {
        logIn("agent1", "agent2");
        ready("agent1");
        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        rows();

        harness.await(harness.contactCenter().endSession(user("agent1")));
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(call)).containsExactly("5551001 Dialing hears []");
        harness.events().drain();

        ready("agent2");
        assertThat(callIds("agent2")).containsExactly(call);
    }
}
