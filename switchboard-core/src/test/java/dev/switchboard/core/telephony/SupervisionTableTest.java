package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * Every combination of way of monitoring (ListenIn, Coach, BargeIn) × scope (Agent, Call) × mode (NextCall, AllCalls) ×
 * what happens to the monitored call: 3 × 2 × 2 × 12 = 144 cases.
 *
 * <p>Each case: agent1 (5001), agent2 (5002, the transfer or conference target) and supervisor1 (5005) are logged in;
 * supervisor1 monitors 5001; customer 5551001 calls 5001 directly. Then the event happens, and the case asserts, from
 * rules written down here after docs/compatibility.md (not from recorded output):
 *
 * <ul>
 *   <li>the exact ordered notifications of every device ({@link dev.switchboard.core.testing.EventRows#supervisionRows});
 *       the customer is external and has none (the customer's side never learns of ListenIn or Coach);</li>
 *   <li>the audit entries the event caused (join, leave and end, with their reasons);</li>
 *   <li>who hears whom in the monitored call afterwards;</li>
 *   <li>the subscription afterwards (active or ended), then, once every call is over, that exactly one device event
 *       without monitoring announced its end if it ended, and that a second call of agent1 is monitored again for a
 *       subscription that lasts (AllCalls) and not after it ended.</li>
 * </ul>
 *
 * <p>The rules:
 * <ul>
 *   <li>The supervisor joins when the monitored agent answers: their leg is Established, muted unless BargeIn, and sees
 *       the call's parties. Nobody sees the supervisor as a participant unless barged in; the monitored agent's call
 *       carries {@code supervisorListeningIn} ({@code listened}) while a supervisor listens in or coaches.</li>
 *   <li>Hears: ListenIn — the supervisor hears agent and customer, nobody hears the supervisor; Coach — the monitored
 *       agent also hears the supervisor; BargeIn — everyone hears everyone. Only established parties hear or are heard.</li>
 *   <li>Scope Agent: the supervisor's leg is released when the monitored agent leaves the call (transfers);
 *       scope Call: it stays with the call wherever it goes (to another agent of the supervisor's groups), and the agent
 *       the call went to is the monitored one (coached, {@code listened}) once they answered it.</li>
 *   <li>NextCall ends when the first monitored call ends for the supervisor (their leg is released, however);
 *       AllCalls lasts until cancelled or until the supervisor or the agent logs out. Cancel and logouts end the
 *       subscription at once (its device event comes first), the end of a monitored call after the call's events.</li>
 *   <li>When the supervisor leaves a call that goes on, the agent learns it: StatusChange when
 *       {@code supervisorListeningIn} goes off, ParticipantsUpdated when a barged-in supervisor leaves.</li>
 * </ul>
 */
class SupervisionTableTest extends SupervisionSupport {
    static final String AGENT = "5001";
    static final String TARGET = "5002";
    static final String SUP = SUPERVISOR_DN;
    static final String C = CUSTOMER;

    static final String STATUS = "StatusChange";
    static final String PARTICIPANTS = "ParticipantsUpdated";
    static final String INBOUND = "Inbound";
    static final String CONSULT = "Consult";

    /** What happens to the monitored call. */
    enum Event {
        ANSWER("answer"),
        HOLD("hold"),
        RETRIEVE("retrieve"),
        SINGLE_STEP_TRANSFER("single-step transfer"),
        TWO_STEP_TRANSFER("two-step transfer"),
        CONFERENCE("conference"),
        AGENT_HANGUP("agent hang-up"),
        CUSTOMER_HANGUP("customer hang-up"),
        SUPERVISOR_HANGUP("supervisor hang-up"),
        CANCEL("cancel"),
        AGENT_LOGOUT("logout of the agent"),
        SUPERVISOR_LOGOUT("logout of the supervisor");

        private final String text;

        Event(String text) {
            this.text = text;
        }
    }

    record Case(MonitoringType type, MonitoringScope scope, MonitoringMode mode, Event event) {
        @Override
        public String toString() {
            return type.wireName() + " " + scope.wireName() + " " + mode.wireName() + ": " + event.text;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (MonitoringType type : MonitoringType.values()) {
            for (MonitoringScope scope : MonitoringScope.values()) {
                for (MonitoringMode mode : MonitoringMode.values()) {
                    for (Event event : Event.values()) {
                        cases.add(new Case(type, scope, mode, event));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** A party of the monitored call after the event, in the order parties joined. */
    record P(String number, PartyState state, boolean supervisor) {
    }

    /** One step of an event: what is done, and the exact notifications it causes. */
    record Step(Runnable action, List<String> rows) {
    }

    /** The expectations of a case, derived from the rules of the class comment. */
    private Case c;
    private boolean barge;
    private String call;
    private String consult;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void monitoring(Case testCase) {
        c = testCase;
        barge = c.type() == MonitoringType.BARGE_IN;
        logIn("agent1", "agent2", SUPERVISOR);

        monitored(c.type(), c.scope(), c.mode(), AGENT);
        assertThat(srows()).containsExactly(monitoringRow(SUP, "NOT_READY", c.type(), c.mode(), c.scope(), AGENT));
        call = customerCall(C, AGENT);
        assertThat(srows()).as("ringing: the supervisor joins only when the agent answers")
                .containsExactly(row(AGENT, STATUS, "Ringing", INBOUND, List.of(C), false));
        assertThat(hears(call)).containsExactly("5551001 Dialing hears []", "5001 Ringing hears []");

        if (c.event() != Event.ANSWER) {
            run(answer());
            if (c.event() == Event.RETRIEVE) {
                run(hold());
            }
            audit();
        }

        for (Step step : event()) {
            run(step);
        }
        assertThat(audit()).as("audit of the event").containsExactlyElementsOf(expectedAudit());
        assertThat(hears(call)).as("who hears whom after the event").containsExactlyElementsOf(expectedHears());
        boolean active = subscriptionLastsAfterEvent();
        assertSubscription(active, AGENT);
        boolean followed = c.scope() == MonitoringScope.CALL
                && (c.event() == Event.SINGLE_STEP_TRANSFER || c.event() == Event.TWO_STEP_TRANSFER);
        String monitored = followed ? TARGET : AGENT;
        for (String number : List.of(AGENT, TARGET)) {
            sw().callsOf(user(number.equals(AGENT) ? "agent1" : "agent2")).stream().filter(v -> v.id().equals(call)).findFirst()
                    .ifPresent(view -> assertThat(view.supervisorListeningIn()).as("%s supervisorListeningIn", number)
                            .isEqualTo(supervisorInCall() && !barge && number.equals(monitored)));
        }

        // Once every call is over: a NextCall subscription has ended, AllCalls lasts unless cancelled or logged out.
        endAllCalls();
        if (c.event() == Event.AGENT_LOGOUT) {
            logIn("agent1");
        } else if (c.event() == Event.SUPERVISOR_LOGOUT) {
            logIn(SUPERVISOR);
        }
        boolean lasts = c.mode() == MonitoringMode.ALL_CALLS && !endedByRequest();
        assertSubscription(lasts, AGENT);
        discard();

        String second = customerCall(CUSTOMER2, AGENT);
        assertThat(srows()).containsExactly(row(AGENT, STATUS, "Ringing", INBOUND, List.of(CUSTOMER2), false));
        ok("agent1", second, CallOperation.ANSWER);
        List<String> secondRows = srows();
        if (lasts) {
            assertThat(secondRows).as("a second call is monitored again").containsExactly(
                    row(AGENT, STATUS, "Established", INBOUND, seen(CUSTOMER2, SUP), !barge),
                    supervisorRow(STATUS, "Established", List.of(CUSTOMER2, AGENT)));
        } else {
            assertThat(secondRows).as("a second call is not monitored").containsExactly(
                    row(AGENT, STATUS, "Established", INBOUND, List.of(CUSTOMER2), false));
        }
        assertThat(sw().call(second).orElseThrow().party(SUP).isPresent()).isEqualTo(lasts);
        customerHangup(second, CUSTOMER2);
        discard();
        assertSubscription(lasts, AGENT);
        assertThat(monitoringStarts(SUP)).as("device events announcing the subscription").isEqualTo(1);
        assertThat(monitoringEnds(SUP)).as("device events announcing its end").isEqualTo(lasts ? 0 : 1);
        assertThat(monitoringStarts(AGENT) + monitoringEnds(AGENT)).as("the agent's device is not told").isZero();
    }

    private void run(Step step) {
        step.action().run();
        assertThat(srows()).containsExactlyElementsOf(step.rows());
    }

    // ---- the events ----

    private Step answer() {
        return new Step(() -> ok("agent1", call, CallOperation.ANSWER), List.of(
                row(AGENT, STATUS, "Established", INBOUND, seen(C, SUP), !barge),
                supervisorRow(STATUS, "Established", List.of(C, AGENT))));
    }

    private Step hold() {
        return new Step(() -> ok("agent1", call, CallOperation.HOLD), List.of(
                row(AGENT, STATUS, "Held", INBOUND, seen(C, SUP), !barge)));
    }

    private List<Step> event() {
        boolean agentScope = c.scope() == MonitoringScope.AGENT;
        boolean nextCall = c.mode() == MonitoringMode.NEXT_CALL;
        String leave = barge ? PARTICIPANTS : STATUS;
        List<String> callEnded = plus(List.of(
                row(AGENT, STATUS, "Released", INBOUND, List.of(), false),
                supervisorRow(STATUS, "Released", List.of())), nextCall);
        List<String> supervisorLeft = List.of(
                row(AGENT, leave, "Established", INBOUND, List.of(C), false),
                supervisorRow(STATUS, "Released", List.of(C, AGENT)));
        return switch (c.event()) {
            case ANSWER -> List.of(answer());
            case HOLD -> List.of(hold());
            case RETRIEVE -> List.of(new Step(() -> ok("agent1", call, CallOperation.RETRIEVE), List.of(
                    row(AGENT, STATUS, "Established", INBOUND, seen(C, SUP), !barge))));
            case SINGLE_STEP_TRANSFER -> List.of(
                    new Step(() -> to("agent1", call, CallOperation.SINGLE_STEP_TRANSFER, TARGET), agentScope
                            ? plus(List.of(
                                    row(AGENT, STATUS, "Released", INBOUND, List.of(C, TARGET), false),
                                    supervisorRow(STATUS, "Released", List.of(C, TARGET)),
                                    row(TARGET, STATUS, "Ringing", INBOUND, List.of(C), false)), nextCall)
                            : List.of(
                                    row(AGENT, STATUS, "Released", INBOUND, seen(C, SUP, TARGET), false),
                                    supervisorRow(PARTICIPANTS, "Established", List.of(C, TARGET)),
                                    row(TARGET, STATUS, "Ringing", INBOUND, seen(C, SUP), false))),
                    new Step(() -> ok("agent2", call, CallOperation.ANSWER), agentScope
                            ? List.of(row(TARGET, STATUS, "Established", INBOUND, List.of(C), false))
                            : List.of(row(TARGET, STATUS, "Established", INBOUND, seen(C, SUP), !barge))));
            case TWO_STEP_TRANSFER -> consultation(CallOperation.INITIATE_TRANSFER, new Step(
                    () -> with("agent1", call, CallOperation.COMPLETE_TRANSFER, consult), agentScope
                    ? plus(List.of(
                            row(AGENT, STATUS, "Released", INBOUND, List.of(C, TARGET), false),
                            supervisorRow(STATUS, "Released", List.of(C, TARGET)),
                            row(TARGET, STATUS, "Established", INBOUND, List.of(C), false),
                            row(AGENT, STATUS, "Released", CONSULT, List.of(), false),
                            row(TARGET, STATUS, "Released", CONSULT, List.of(), false)), nextCall)
                    : List.of(
                            row(AGENT, STATUS, "Released", INBOUND, seen(C, SUP, TARGET), false),
                            supervisorRow(PARTICIPANTS, "Established", List.of(C, TARGET)),
                            row(TARGET, STATUS, "Established", INBOUND, seen(C, SUP), !barge),
                            row(AGENT, STATUS, "Released", CONSULT, List.of(), false),
                            row(TARGET, STATUS, "Released", CONSULT, List.of(), false))));
            case CONFERENCE -> consultation(CallOperation.INITIATE_CONFERENCE, new Step(
                    () -> with("agent1", call, CallOperation.COMPLETE_CONFERENCE, consult), List.of(
                            row(AGENT, STATUS, "Established", INBOUND, seen(C, SUP, TARGET), !barge),
                            supervisorRow(PARTICIPANTS, "Established", List.of(C, AGENT, TARGET)),
                            row(TARGET, STATUS, "Established", INBOUND, seen(C, AGENT, SUP), false),
                            row(AGENT, STATUS, "Released", CONSULT, List.of(), false),
                            row(TARGET, STATUS, "Released", CONSULT, List.of(), false))));
            case AGENT_HANGUP -> List.of(new Step(() -> ok("agent1", call, CallOperation.HANGUP), callEnded));
            case CUSTOMER_HANGUP -> List.of(new Step(() -> customerHangup(call, C), callEnded));
            case SUPERVISOR_HANGUP -> List.of(new Step(() -> ok(SUPERVISOR, call, CallOperation.HANGUP), plus(supervisorLeft, nextCall)));
            case CANCEL -> List.of(new Step(() -> OutcomeAssertions.assertAccepted(cancel()),
                    concat(List.of(monitoringOffRow(SUP, "NOT_READY")), supervisorLeft)));
            case AGENT_LOGOUT -> List.of(new Step(() -> OutcomeAssertions.assertAccepted(
                    harness.await(harness.contactCenter().endSession(user("agent1")))),
                    concat(List.of(monitoringOffRow(SUP, "NOT_READY")), supervisorLeft, List.of("5001 LOGOUT LOGGED_OUT"))));
            case SUPERVISOR_LOGOUT -> List.of(new Step(() -> OutcomeAssertions.assertAccepted(
                    harness.await(harness.contactCenter().endSession(user(SUPERVISOR)))),
                    concat(List.of(monitoringOffRow(SUP, "NOT_READY")), supervisorLeft, List.of("5005 LOGOUT LOGGED_OUT"))));
        };
    }

    /** InitiateTransfer or InitiateConference to agent2, agent2 answers, then {@code completion}. */
    private List<Step> consultation(CallOperation initiate, Step completion) {
        return List.of(
                new Step(() -> consult = to("agent1", call, initiate, TARGET), List.of(
                        row(AGENT, STATUS, "Held", INBOUND, seen(C, SUP), !barge),
                        row(AGENT, STATUS, "Dialing", CONSULT, List.of(TARGET), false),
                        row(TARGET, STATUS, "Ringing", CONSULT, List.of(AGENT), false))),
                new Step(() -> ok("agent2", consult, CallOperation.ANSWER), List.of(
                        row(AGENT, STATUS, "Established", CONSULT, List.of(TARGET), false),
                        row(TARGET, STATUS, "Established", CONSULT, List.of(AGENT), false),
                        row(AGENT, STATUS, "Held", INBOUND, seen(C, SUP), !barge))),
                completion);
    }

    // ---- expectations ----

    /** Whether the supervisor's leg stays in the monitored call after the event. */
    private boolean supervisorInCall() {
        return switch (c.event()) {
            case ANSWER, HOLD, RETRIEVE, CONFERENCE -> true;
            case SINGLE_STEP_TRANSFER, TWO_STEP_TRANSFER -> c.scope() == MonitoringScope.CALL;
            default -> false;
        };
    }

    /** Whether the event itself ended the subscription by a request: cancel, or a logout of either side. */
    private boolean endedByRequest() {
        return c.event() == Event.CANCEL || c.event() == Event.AGENT_LOGOUT || c.event() == Event.SUPERVISOR_LOGOUT;
    }

    /** After the event: NextCall ends with the supervisor's leg; requests end any subscription. */
    private boolean subscriptionLastsAfterEvent() {
        if (endedByRequest()) {
            return false;
        }
        return c.mode() == MonitoringMode.ALL_CALLS || supervisorInCall();
    }

    private List<String> expectedAudit() {
        boolean agentScope = c.scope() == MonitoringScope.AGENT;
        boolean nextCall = c.mode() == MonitoringMode.NEXT_CALL;
        String ended = "5005 END the monitored call ended";
        return switch (c.event()) {
            case ANSWER -> List.of("5005 JOIN " + c.type().wireName());
            case HOLD, RETRIEVE, CONFERENCE -> List.of();
            case SINGLE_STEP_TRANSFER, TWO_STEP_TRANSFER -> agentScope
                    ? plus(List.of("5005 LEAVE the monitored agent left the call"), nextCall, ended) : List.of();
            case AGENT_HANGUP -> plus(List.of(agentScope ? "5005 LEAVE the monitored agent left the call" : "5005 LEAVE the call ended"),
                    nextCall, ended);
            case CUSTOMER_HANGUP -> plus(List.of("5005 LEAVE the call ended"), nextCall, ended);
            case SUPERVISOR_HANGUP -> plus(List.of("5005 LEAVE the supervisor hung up"), nextCall, ended);
            case CANCEL -> List.of("5005 LEAVE cancelled by the supervisor", "5005 END cancelled by the supervisor");
            case AGENT_LOGOUT -> List.of("5005 LEAVE the monitored agent logged out", "5005 END the monitored agent logged out");
            case SUPERVISOR_LOGOUT -> List.of("5005 LEAVE the supervisor logged out", "5005 END the supervisor logged out");
        };
    }

    /** The active parties of the monitored call after the event, in join order. */
    private List<P> partiesAfter() {
        P customer = new P(C, PartyState.ESTABLISHED, false);
        P agent = new P(AGENT, PartyState.ESTABLISHED, false);
        P supervisor = new P(SUP, PartyState.ESTABLISHED, true);
        P target = new P(TARGET, PartyState.ESTABLISHED, false);
        return switch (c.event()) {
            case ANSWER, RETRIEVE -> List.of(customer, agent, supervisor);
            case HOLD -> List.of(customer, new P(AGENT, PartyState.HELD, false), supervisor);
            case SINGLE_STEP_TRANSFER, TWO_STEP_TRANSFER -> c.scope() == MonitoringScope.CALL
                    ? List.of(customer, supervisor, target) : List.of(customer, target);
            case CONFERENCE -> List.of(customer, agent, supervisor, target);
            case AGENT_HANGUP, CUSTOMER_HANGUP -> List.of();
            case SUPERVISOR_HANGUP, CANCEL, AGENT_LOGOUT, SUPERVISOR_LOGOUT -> List.of(customer, agent);
        };
    }

    /** Who hears whom, by the rules of docs/compatibility.md. */
    private List<String> expectedHears() {
        List<P> parties = partiesAfter();
        String monitored = c.scope() == MonitoringScope.CALL
                && (c.event() == Event.SINGLE_STEP_TRANSFER || c.event() == Event.TWO_STEP_TRANSFER) ? TARGET : AGENT;
        List<String> result = new ArrayList<>();
        for (P listener : parties) {
            List<String> heard = new ArrayList<>();
            for (P speaker : parties) {
                if (hears(listener, speaker, monitored)) {
                    heard.add(speaker.number());
                }
            }
            result.add(listener.number() + " " + listener.state().wireName() + " hears " + heard);
        }
        return result;
    }

    private boolean hears(P listener, P speaker, String monitored) {
        if (listener == speaker || listener.state() != PartyState.ESTABLISHED || speaker.state() != PartyState.ESTABLISHED) {
            return false;
        }
        if (!speaker.supervisor()) {
            return true;
        }
        return switch (c.type()) {
            case LISTEN_IN -> false;
            case COACH -> listener.number().equals(monitored);
            case BARGE_IN -> true;
        };
    }

    // ---- rows ----

    /** The numbers a non-supervising party sees among {@code numbers}: the supervisor only when barged in. */
    private List<String> seen(String... numbers) {
        return Arrays.stream(numbers).filter(n -> barge || !n.equals(SUP)).toList();
    }

    /** An agent's call row; {@code listened} when the call carries supervisorListeningIn. */
    private static String row(String number, String notification, String state, String callType, List<String> participants,
                              boolean listened) {
        return number + " " + notification + " " + state + " " + callType + " " + participants + (listened ? " listened" : "");
    }

    /** The supervisor's monitoring leg's row: muted unless barged in, always marked with the way of monitoring. */
    private String supervisorRow(String notification, String state, List<String> participants) {
        return SUP + " " + notification + " " + state + " " + INBOUND + " " + participants + (barge ? "" : " muted") + " as "
                + c.type().wireName();
    }

    /** {@code rows} then, when the subscription ends with the monitored call ({@code ends}), its device event. */
    private static List<String> plus(List<String> rows, boolean ends) {
        return plus(rows, ends, monitoringOffRow(SUP, "NOT_READY"));
    }

    private static List<String> plus(List<String> rows, boolean when, String more) {
        return when ? concat(rows, List.of(more)) : rows;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> result = new ArrayList<>();
        for (List<String> list : lists) {
            result.addAll(list);
        }
        return result;
    }

    // ---- cleanup ----

    /** Ends every live call: customers hang up, then agents (the supervisor last). */
    private void endAllCalls() {
        Map<String, String> users = Map.of(AGENT, "agent1", TARGET, "agent2", SUP, SUPERVISOR);
        for (int guard = 0; guard < 20; guard++) {
            List<CallSnapshot> live = harness.await(sw().liveCalls());
            if (live.isEmpty()) {
                return;
            }
            CallSnapshot first = live.get(0);
            CallSnapshot.Party customer = first.parties().stream().filter(p -> p.external() && p.state().isActive()).findFirst()
                    .orElse(null);
            if (customer != null) {
                customerHangup(first.id(), customer.number());
                continue;
            }
            CallSnapshot.Party agent = first.parties().stream()
                    .filter(p -> p.state().isActive() && users.containsKey(p.number()) && p.role() != PartyRole.SUPERVISOR)
                    .findFirst().orElseThrow(() -> new AssertionError("Nobody can end " + first));
            ok(users.get(agent.number()), first.id(), CallOperation.HANGUP);
        }
        throw new AssertionError("Calls do not end: " + harness.await(sw().liveCalls()));
    }
}
