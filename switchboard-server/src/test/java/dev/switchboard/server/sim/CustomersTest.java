package dev.switchboard.server.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

class CustomersTest {
    private static final String CUSTOMER = "5559876";

    private SimHarness harness;
    private Customers customers;

    @BeforeEach
    void setUp() {
        harness = new SimHarness();
        customers = new Customers(harness.contactCenter, harness.scheduler, Customers.DEFAULT_ANSWER_DELAY);
        harness.endpoints.externalNumbers(customers);
        harness.logInReady("agent1");
    }

    @AfterEach
    void tearDown() {
        customers.close();
        harness.close();
    }

    private String dialCustomer() {
        return harness.accepted(harness.voiceSwitch.dial(harness.user("agent1"), harness.device("5001").id(), CUSTOMER, Map.of()));
    }

    @Test
    void aCustomerAnAgentDialedAnswersAfterTheDelay() {
        String callId = dialCustomer();
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.DIALING);

        harness.advance(Duration.ofMillis(999));
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.DIALING);
        assertThat(harness.call(callId).party(CUSTOMER).orElseThrow().state()).isEqualTo(PartyState.RINGING);

        harness.advance(Duration.ofMillis(1));
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.ESTABLISHED);
        CallSnapshot.Party customer = harness.call(callId).party(CUSTOMER).orElseThrow();
        assertThat(customer.state()).isEqualTo(PartyState.ESTABLISHED);
        assertThat(customer.hears()).containsExactly("5001");
        assertThat(harness.timers.pending()).as("nothing else scheduled").isZero();
    }

    @Test
    void eachRingingIsAnsweredOnceWhateverTheEventsInBetween() {
        String callId = dialCustomer();
        // User data changes while the customer's phone rings: more CallChanged events showing the same ringing party.
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId,
                new CallRequest(CallOperation.ATTACH_USER_DATA, null, Map.of("a", "1"), null, null, null, null)));
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId,
                new CallRequest(CallOperation.ATTACH_USER_DATA, null, Map.of("b", "2"), null, null, null, null)));
        assertThat(harness.timers.pending()).as("one answer scheduled").isEqualTo(1);

        harness.advance(Duration.ofSeconds(1));
        assertThat(harness.call(callId).party(CUSTOMER).orElseThrow().state()).isEqualTo(PartyState.ESTABLISHED);
        assertThat(harness.timers.pending()).isZero();
    }

    @Test
    void aCallTheAgentAbandonsBeforeTheAnswerStaysEnded() {
        String callId = dialCustomer();
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.HANGUP)));

        harness.advance(Duration.ofSeconds(2));
        assertThat(harness.call(callId).ended()).isTrue();
        assertThat(harness.callsOf("agent1")).isEmpty();
    }

    @Test
    void closedCustomersAnswerNothing() {
        dialCustomer();
        customers.close();

        harness.advance(Duration.ofSeconds(2));
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.DIALING);
    }
}
