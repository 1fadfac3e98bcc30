package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;

/**
 * Helpers for the call model tests: one {@link SwitchHarness} (on {@link TestDirectory#build()} unless a test calls
 * {@link #useDirectory}), users addressed by name and logged in on their default place (agentN on 500N, supervisor1
 * on 5005), events as {@link dev.switchboard.core.testing.EventRows} and who-hears-whom as rows
 * {@code "5001 Established hears [5002]"}.
 */
abstract class CallModelSupport {
    static final String CUSTOMER = "5551001";
    static final String CUSTOMER2 = "5551002";
    static final String EXTERNAL = "5559999";

    SwitchHarness harness = new SwitchHarness();

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** Replaces the harness by one on {@code directory} (call first in a test). */
    void useDirectory(Directory directory) {
        harness.close();
        harness = new SwitchHarness(directory);
    }

    /** Replaces the harness by one whose legs are carried by {@code endpoints} (call first in a test). */
    void useEndpoints(Endpoints endpoints) {
        harness.close();
        harness = new SwitchHarness(TestDirectory.build(), endpoints);
    }

    Switch sw() {
        return harness.voiceSwitch();
    }

    User user(String name) {
        return harness.user(name);
    }

    /** The DN number of the user's default place. */
    String dnOf(String name) {
        String place = user(name).defaultPlace();
        return harness.directory().dnsOf(harness.place(place)).get(0).number();
    }

    /** Logs each user in on their default place (NotReady) and discards the events. */
    void logIn(String... names) {
        for (String name : names) {
            harness.logIn(name, user(name).defaultPlace());
        }
    }

    void state(String name, AgentState state) {
        assertThat(harness.await(harness.contactCenter().changeAgentState(user(name), AgentStateRequest.of(state))))
                .isEqualTo(Outcome.OK);
    }

    /** Makes each user Ready, in order, and discards the events. */
    void ready(String... names) {
        for (String name : names) {
            state(name, AgentState.READY);
        }
        harness.events().drain();
    }

    void advance(int seconds) {
        harness.timers().advance(Duration.ofSeconds(seconds));
    }

    /** Dials from the user's device; fails unless accepted; returns the new call's id. */
    String dial(String name, String destination) {
        return dial(name, destination, Map.of());
    }

    String dial(String name, String destination, Map<String, Object> userData) {
        Outcome outcome = harness.await(sw().dial(user(name), harness.deviceId(dnOf(name)), destination, userData));
        return idOf(outcome);
    }

    Outcome perform(String name, String callId, CallRequest request) {
        return harness.await(sw().callOperation(user(name), callId, request));
    }

    Outcome perform(String name, String callId, CallOperation operation) {
        return perform(name, callId, CallRequest.of(operation));
    }

    /** Performs an operation without parameters; fails unless accepted. */
    void ok(String name, String callId, CallOperation operation) {
        OutcomeAssertions.assertAccepted(perform(name, callId, operation));
    }

    /** Performs a transfer or conference operation to {@code destination}; fails unless accepted; returns its outcome's id. */
    String to(String name, String callId, CallOperation operation, String destination) {
        Outcome outcome = perform(name, callId, new CallRequest(operation, destination, null, null, null, null, null));
        assertThat(outcome.isAccepted()).as("%s %s: %s", operation, destination, outcome).isTrue();
        return ((Outcome.Accepted) outcome).id();
    }

    /** CompleteTransfer, CompleteConference or SwapCalls naming the other call; fails unless accepted. */
    void with(String name, String callId, CallOperation operation, String otherCallId) {
        OutcomeAssertions.assertAccepted(perform(name, callId, new CallRequest(operation, null, null, otherCallId, null, null, null)));
    }

    void refused(String name, String callId, CallRequest request, Refusal reason) {
        OutcomeAssertions.assertRefused(perform(name, callId, request), reason);
    }

    String customerCall(String from, String to) {
        return customerCall(from, to, Map.of());
    }

    String customerCall(String from, String to, Map<String, Object> userData) {
        return idOf(harness.await(sw().customerCall(from, to, userData)));
    }

    void customerAnswer(String callId, String number) {
        OutcomeAssertions.assertAccepted(harness.await(sw().customerAnswer(callId, number)));
    }

    void customerHangup(String callId, String number) {
        OutcomeAssertions.assertAccepted(harness.await(sw().customerHangup(callId, number)));
    }

    /** The events since the last call, as rows (CallChanged left out). */
    List<String> rows() {
        return harness.drainEventRows();
    }

    /** Who hears whom in the call: one row per active party, in the order they joined. */
    List<String> hears(String callId) {
        CallSnapshot call = sw().call(callId).orElseThrow(() -> new AssertionError("No call " + callId));
        List<String> result = new ArrayList<>();
        for (CallSnapshot.Party party : call.parties()) {
            if (party.state().isActive()) {
                result.add(party.number() + " " + party.state().wireName() + " hears " + party.hears());
            } else {
                assertThat(party.hears()).as("a released party hears nobody").isEmpty();
            }
        }
        return result;
    }

    boolean ended(String callId) {
        return sw().call(callId).orElseThrow().ended();
    }

    /** The call as the user's device sees it now. */
    CallView view(String name, String callId) {
        return sw().callsOf(user(name)).stream().filter(c -> c.id().equals(callId)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no call " + callId + ": " + sw().callsOf(user(name))));
    }

    List<CallOperation> caps(String name, String callId) {
        return CallOperation.capabilitiesOf(view(name, callId), user(name));
    }

    /** The ids of the user's calls now (unordered). */
    List<String> callIds(String name) {
        return sw().callsOf(user(name)).stream().map(CallView::id).toList();
    }

    static String idOf(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
        String id = ((Outcome.Accepted) outcome).id();
        assertThat(id).isNotNull();
        return id;
    }
}
