package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static dev.switchboard.core.command.CallOperation.HOLD;
import static dev.switchboard.core.command.CallOperation.INITIATE_TRANSFER;
import static dev.switchboard.core.command.CallOperation.SINGLE_STEP_CONFERENCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.view.CallView;

/**
 * Every operation that is not among a call's capabilities is refused with NOT_IN_CAPABILITIES, with no event and no
 * change, in each state a call can be in; another user's call is NOT_FOUND.
 */
class CallRefusalModelTest extends CallModelSupport {
    private static final List<String> USERS = List.of("agent1", "agent2", "agent3");

    /** A request for {@code operation} with every parameter it could need, so only the capability check can refuse it. */
    private static CallRequest full(CallOperation operation, String otherCallId, String participant) {
        return new CallRequest(operation, "5003", Map.of("k", "v"), otherCallId, "k", "1", participant);
    }

    /** What every user's calls look like, and every live call, for comparing before and after. */
    private List<Object> state() {
        List<Object> state = new ArrayList<>();
        for (String name : USERS) {
            state.add(sw().callsOf(user(name)).stream().sorted(java.util.Comparator.comparing(CallView::connId)).toList());
        }
        state.add(harness.await(sw().liveCalls()));
        return state;
    }

    /** Tries every operation the user's call does not offer; each must be refused without a trace. */
    private void everyOtherOperationIsRefused(String name, String callId) {
        rows();
        CallView view = view(name, callId);
        EnumSet<CallOperation> offered = EnumSet.noneOf(CallOperation.class);
        offered.addAll(CallOperation.capabilitiesOf(view, user(name)));
        List<Object> before = state();
        int tried = 0;
        for (CallOperation operation : EnumSet.complementOf(offered)) {
            String participant = view.participants().isEmpty() ? "5003" : view.participants().get(0);
            Outcome outcome = perform(name, callId, full(operation, view.otherCallId(), participant));
            assertThat(outcome).as("%s on %s %s", operation, name, view.state())
                    .isInstanceOfSatisfying(Outcome.Refused.class,
                            refused -> assertThat(refused.reason()).isEqualTo(Refusal.NOT_IN_CAPABILITIES));
            assertThat(rows()).as("events after refused %s", operation).isEmpty();
            tried++;
        }
        assertThat(tried).isPositive();
        assertThat(state()).isEqualTo(before);
    }

    private void inEveryState(Consumer<String> check) {
        // Dialing and Ringing.
        logIn("agent1", "agent2", "agent3");
        String call = dial("agent1", "5002");
        check.accept("agent1 " + call);
        check.accept("agent2 " + call);
        // Established.
        ok("agent2", call, ANSWER);
        check.accept("agent1 " + call);
        // Ringing while another call is established (no Answer).
        String second = dial("agent3", "5002");
        check.accept("agent2 " + second);
        ok("agent3", second, HANGUP);
        // Held.
        ok("agent1", call, HOLD);
        check.accept("agent1 " + call);
        ok("agent1", call, CallOperation.RETRIEVE);
        // Held original and ringing consultation, then both established.
        String consult = to("agent1", call, INITIATE_TRANSFER, "5003");
        check.accept("agent1 " + call);
        check.accept("agent1 " + consult);
        ok("agent3", consult, ANSWER);
        check.accept("agent1 " + call);
        check.accept("agent1 " + consult);
        check.accept("agent3 " + consult);
        ok("agent1", consult, CallOperation.COMPLETE_CONFERENCE);
        // A conference.
        check.accept("agent1 " + call);
        check.accept("agent3 " + call);
    }

    @Test
    void operationsNotInCapabilitiesAreRefusedWithoutEventsOrChange() {
        inEveryState(userAndCall -> {
            String[] parts = userAndCall.split(" ");
            everyOtherOperationIsRefused(parts[0], parts[1]);
        });
    }

    @Test
    void anotherUsersCallIsNotFound() {
        logIn("agent4");
        inEveryState(userAndCall -> {
            String callId = userAndCall.split(" ")[1];
            rows();
            List<Object> before = state();
            for (CallOperation operation : CallOperation.values()) {
                OutcomeAssertions.assertRefused(perform("agent4", callId, full(operation, null, "5001")), Refusal.NOT_FOUND);
            }
            assertThat(rows()).isEmpty();
            assertThat(state()).isEqualTo(before);
        });
    }

    @Test
    void aCallOfAUserWhoLeftItIsNotFoundForThem() {
        logIn("agent1", "agent2", "agent3");
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);
        to("agent1", call, SINGLE_STEP_CONFERENCE, "5003");
        ok("agent3", call, ANSWER);
        ok("agent1", call, HANGUP);
        rows();

        OutcomeAssertions.assertRefused(perform("agent1", call, HANGUP), Refusal.NOT_FOUND);
        OutcomeAssertions.assertRefused(perform("agent1", "NO-SUCH-CALL", HANGUP), Refusal.NOT_FOUND);
        assertThat(rows()).isEmpty();
        assertThat(hears(call)).containsExactly("5002 Established hears [5003]", "5003 Established hears [5002]");
    }
}
