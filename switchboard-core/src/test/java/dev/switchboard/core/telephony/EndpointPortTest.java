package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.ATTACH_USER_DATA;
import static dev.switchboard.core.command.CallOperation.DELETE_USER_DATA;
import static dev.switchboard.core.command.CallOperation.DELETE_USER_DATA_PAIR;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static dev.switchboard.core.command.CallOperation.HOLD;
import static dev.switchboard.core.command.CallOperation.RETRIEVE;
import static dev.switchboard.core.command.CallOperation.UPDATE_USER_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.testing.TestDirectory;

/**
 * The endpoint port: a phone that answers late, refuses a hold, fails an offer, hangs up by itself, and is told who
 * hears whom. GWS clients see what GWS shows: a request the phone has not confirmed changes no state and sends no
 * notification, and capabilities offer nothing more until it does.
 */
class EndpointPortTest extends CallModelSupport {
    private final FakeEndpoint phone = new FakeEndpoint();

    @Test
    void answerWaitsForThePhoneThenEstablishesTheCall() {
        useEndpoints(phone.serving("5002"));
        logIn("agent1", "agent2");

        String call = dial("agent1", "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5002]",
                "5002 StatusChange Ringing Internal [5001]");
        assertThat(phone.take()).containsExactly("offer 5002", "media 5001<[] 5002<[]");

        ok("agent2", call, ANSWER);
        assertThat(rows()).as("nothing is established before the phone confirms").isEmpty();
        assertThat(view("agent2", call).awaitingEndpoint()).isTrue();
        assertThat(caps("agent2", call)).containsExactly(HANGUP, ATTACH_USER_DATA, UPDATE_USER_DATA, DELETE_USER_DATA_PAIR,
                DELETE_USER_DATA);
        assertThat(phone.take()).containsExactly("answer 5002");

        OutcomeAssertions.assertAccepted(harness.await(sw().legAnswered(phone.legOf("5002"))));
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5002]",
                "5002 StatusChange Established Internal [5001]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
        assertThat(phone.take()).containsExactly("media 5001<[5002] 5002<[5001]");
        assertThat(view("agent2", call).awaitingEndpoint()).isFalse();
    }

    @Test
    void aPhoneThatRefusesAHoldKeepsTheCallEstablishedAndItsUserHearsWhy() {
        useEndpoints(phone.serving("5002"));
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        harness.await(sw().legAnswered(phone.legOf("5002")));
        rows();
        phone.take();

        ok("agent2", call, HOLD);
        assertThat(rows()).isEmpty();
        assertThat(phone.take()).containsExactly("hold 5002");
        assertThat(caps("agent2", call)).doesNotContain(HOLD, RETRIEVE);

        OutcomeAssertions.assertAccepted(harness.await(sw().legRefused(phone.legOf("5002"), "488 Not Acceptable Here")));
        assertThat(rows()).containsExactly("5002 CallFailed 56");
        assertThat(view("agent2", call).state().wireName()).isEqualTo("Established");
        assertThat(caps("agent2", call)).contains(HOLD);
        OutcomeAssertions.assertRefused(harness.await(sw().legHeld(phone.legOf("5002"))), Refusal.NOT_IN_CAPABILITIES);
    }

    @Test
    void aHoldAndARetrieveTheyConfirmChangeTheStateAndTheMedia() {
        useEndpoints(phone.serving("5002"));
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        harness.await(sw().legAnswered(phone.legOf("5002")));
        rows();
        phone.take();

        ok("agent2", call, HOLD);
        OutcomeAssertions.assertAccepted(harness.await(sw().legHeld(phone.legOf("5002"))));
        assertThat(rows()).containsExactly("5002 StatusChange Held Internal [5001]");
        assertThat(phone.take()).containsExactly("hold 5002", "media 5001<[] 5002(held)<[]");

        ok("agent2", call, RETRIEVE);
        OutcomeAssertions.assertAccepted(harness.await(sw().legRetrieved(phone.legOf("5002"))));
        assertThat(rows()).containsExactly("5002 StatusChange Established Internal [5001]");
        assertThat(phone.take()).containsExactly("retrieve 5002", "media 5001<[5002] 5002<[5001]");
    }

    @Test
    void aFailedOfferEndsTheCallAndTheCallerHearsWhyAfterItsEvents() {
        useEndpoints(phone.serving("5002"));
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        rows();
        phone.take();

        OutcomeAssertions.assertAccepted(harness.await(sw().legFailed(phone.legOf("5002"), ReleaseCause.BUSY)));
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []",
                "5001 CallFailed 56");
        assertThat(ended(call)).isTrue();
        assertThat(phone.take()).as("the phone that failed is not told to release again").containsExactly("media");
        OutcomeAssertions.assertRefused(harness.await(sw().legAnswered(phone.legOf("5002"))), Refusal.NOT_FOUND);
    }

    @Test
    void aPhoneThatHangsUpEndsTheCallAndAHangupFromTheDesktopReleasesThePhone() {
        useEndpoints(phone.serving("5002", "5003"));
        logIn("agent1", "agent2", "agent3");
        String first = dial("agent1", "5002");
        harness.await(sw().legAnswered(phone.legOf("5002")));
        rows();
        phone.take();

        OutcomeAssertions.assertAccepted(harness.await(sw().legReleased(phone.legOf("5002"), ReleaseCause.NORMAL)));
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Internal []",
                "5002 StatusChange Released Internal []");
        assertThat(ended(first)).isTrue();
        assertThat(phone.take()).containsExactly("media");

        String second = dial("agent1", "5003");
        harness.await(sw().legAnswered(phone.legOf("5003")));
        rows();
        phone.take();
        ok("agent1", second, HANGUP);
        assertThat(phone.take()).containsExactly("release 5003 NORMAL", "media");
    }

    @Test
    void aQueueOfferThePhoneRejectsGoesBackToTheQueueAndTheAgentIsNotReady() {
        useEndpoints(phone.serving("5002"));
        logIn("agent2");
        state("agent2", AgentState.READY);
        rows();

        String call = customerCall(CUSTOMER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5002 StatusChange Ringing Inbound [" + CUSTOMER + "]");
        assertThat(phone.take()).containsExactly("offer 5002", "media " + CUSTOMER + "<[] 5002<[]");

        OutcomeAssertions.assertAccepted(harness.await(sw().legReleased(phone.legOf("5002"), ReleaseCause.REJECTED)));
        assertThat(rows()).containsExactly(
                "5002 StatusChange Released Inbound [" + CUSTOMER + "]",
                "5002 AGENT_STATE NOT_READY");
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo(TestDirectory.QUEUE);
    }

    @Test
    void reportsOnUnknownLegsAreRefused() {
        useEndpoints(phone.serving("5002"));
        Outcome outcome = harness.await(sw().legAnswered("no-such-leg"));
        OutcomeAssertions.assertRefused(outcome, Refusal.NOT_FOUND);
        assertThat(rows()).isEmpty();
    }
}
