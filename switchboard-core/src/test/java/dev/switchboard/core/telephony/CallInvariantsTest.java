package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.model.Subscription;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.testing.EventRows;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * Long random sequences of legal operations across many calls, with the call model's invariants checked after every
 * step. Each step is one of: an agent performs one of the current capabilities of one of their calls, an agent dials,
 * a customer calls, answers, hangs up or sends DTMF, an agent changes state, DND or forwarding, or fake time passes.
 *
 * <p>{@link #randomSequencesWithSupervisionKeepTheInvariants} runs the same with supervisor monitoring: supervisor1 also
 * asks to monitor random numbers (agents, the routing point, the queue, now and then their own or an unknown one) in any
 * way, scope and mode, or cancels; switching and muting the monitored agent come as the capabilities of their monitoring
 * leg. Its invariants, besides the call model's: at most one supervisor leg per call, Established and only in a live
 * call whose other parties keep it alive; the subscription and its leg point at each other; who hears whom follows the
 * way of monitoring; a supervisor who listens in or coaches is nobody's participant but their own.
 *
 * <p>Runs {@value #DEFAULT_SEEDS} seeds of {@value #DEFAULT_STEPS} steps. {@code -Dswitchboard.invariants.seed=N}
 * runs only seed N (e.g. one a failure printed); {@code -Dswitchboard.invariants.seeds} and
 * {@code -Dswitchboard.invariants.steps} change how many and how long:
 * {@code ./mvnw -o -pl switchboard-core verify -Dtest=CallInvariantsTest -Dswitchboard.invariants.seed=7}.
 */
class CallInvariantsTest {
    static final int DEFAULT_SEEDS = 20;
    static final int DEFAULT_STEPS = 300;
    private static final String SEED = "switchboard.invariants.seed";
    private static final String SEEDS = "switchboard.invariants.seeds";
    private static final String STEPS = "switchboard.invariants.steps";
    /** Prints every step of every run, not only of a failing one. */
    private static final String VERBOSE = "switchboard.invariants.verbose";
    private static final int WRAP_UP_SECONDS = 5;

    @TestFactory
    Stream<DynamicTest> randomSequencesKeepTheInvariants() {
        return runs(false);
    }

    @TestFactory
    Stream<DynamicTest> randomSequencesWithSupervisionKeepTheInvariants() {
        return runs(true);
    }

    private static Stream<DynamicTest> runs(boolean supervision) {
        int steps = Integer.getInteger(STEPS, DEFAULT_STEPS);
        String one = System.getProperty(SEED);
        LongStream seeds = one != null && !one.isBlank() ? LongStream.of(Long.parseLong(one.trim()))
                : LongStream.rangeClosed(1, Integer.getInteger(SEEDS, DEFAULT_SEEDS));
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed, steps, supervision).run()));
    }

    /** One random sequence. */
    private static final class Run {
        private static final List<String> USERS = List.of("agent1", "agent2", "agent3", "agent4", "supervisor1");
        private static final Set<String> SALES = Set.of("agent1", "agent2", "agent3", "agent4");

        private static final String SUPERVISOR = "supervisor1";

        private final long seed;
        private final int steps;
        /** Whether supervisor1 monitors too. */
        private final boolean supervision;
        private final Random random;
        private final SwitchHarness harness = new SwitchHarness(TestDirectory.build(WRAP_UP_SECONDS, Feature.VOICE_RECORDING));
        private final Switch sw = harness.voiceSwitch();
        private final Map<String, String> numberOf = new LinkedHashMap<>();
        private final Map<String, String> userOfNumber = new HashMap<>();
        private final Map<String, String> labels = new HashMap<>();
        private final List<String> log = new ArrayList<>();
        /** The last call view each device's user was sent, by device id + "/" + call id. */
        private final Map<String, CallView> lastSent = new HashMap<>();
        private final Map<String, DeviceView> lastDeviceSent = new HashMap<>();
        /** Since when each ACD offer (device number + "/" + call id) has rung, by fake time. */
        private final Map<String, java.time.Instant> offeredSince = new HashMap<>();
        /** How often each kind of step was accepted, to show what a run covered. */
        private final Map<String, Integer> covered = new java.util.TreeMap<>();
        private int externals;

        // What the current step did, for the checks.
        private String actor;
        private CallOperation operation;
        /** The refusal the step may legitimately get (a parameter the switch rejects), or null. */
        private Refusal allowedRefusal;
        private String kind;
        private Outcome outcome;
        private final Set<String> directTargets = new HashSet<>();

        Run(long seed, int steps, boolean supervision) {
            this.seed = seed;
            this.steps = steps;
            this.supervision = supervision;
            this.random = new Random(seed);
            for (String name : USERS) {
                String place = harness.user(name).defaultPlace();
                String number = harness.directory().dnsOf(harness.place(place)).get(0).number();
                numberOf.put(name, number);
                userOfNumber.put(number, name);
            }
        }

        void run() {
            System.out.println("CallInvariantsTest: seed " + seed + ", " + steps + " steps" + (supervision ? " with supervision" : "")
                    + " (rerun with -D" + SEED + "=" + seed + ")");
            int step = 0;
            try {
                for (String name : USERS) {
                    harness.logIn(name, harness.user(name).defaultPlace());
                    if (random.nextInt(4) > 0) {
                        harness.await(sw.changeAgentState(harness.user(name), AgentStateRequest.of(AgentState.READY)));
                    }
                }
                harness.events().drain();
                for (step = 1; step <= steps; step++) {
                    Before before = new Before();
                    String what = step(before);
                    List<SwitchEvent> events = harness.events().drain();
                    log.add(String.format("#%d %s -> %s%s", step, what, describe(outcome), eventSummary(events)));
                    check(before, events);
                    if (outcome != null && outcome.isAccepted()) {
                        covered.merge(operation != null ? operation.wireName() : kind, 1, Integer::sum);
                    }
                }
                System.out.println("CallInvariantsTest: seed " + seed + " covered " + covered);
                if (Boolean.getBoolean(VERBOSE)) {
                    System.out.println(String.join("\n", log));
                }
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("Invariant broken with seed " + seed + (supervision ? " with supervision" : "") + " at step "
                        + step + " (rerun with -D" + SEED + "="
                        + seed + "): " + failure.getMessage() + "\n--- steps ---\n" + String.join("\n", log)
                        + "\n--- state ---\n" + state(), failure);
            } finally {
                harness.close();
            }
        }

        // ---- steps ----

        /** Performs one random legal step; returns what it did. */
        private String step(Before before) {
            actor = null;
            operation = null;
            allowedRefusal = null;
            outcome = null;
            kind = "";
            directTargets.clear();
            if (supervision && random.nextInt(100) < 8) {
                return supervisionStep(before);
            }
            int dice = random.nextInt(100);
            if (dice < 56) {
                String done = callOperation(before);
                if (done != null) {
                    return done;
                }
                return random.nextBoolean() ? dial(before) : customerCall(before);
            }
            if (dice < 62) {
                return dial(before);
            }
            if (dice < 68) {
                return customerCall(before);
            }
            if (dice < 78) {
                return customerAnswer(before);
            }
            if (dice < 81) {
                return customerHangup(before);
            }
            if (dice < 82) {
                return customerDtmf(before);
            }
            if (dice < 90) {
                return agentState();
            }
            if (dice < 92) {
                return doNotDisturb(before);
            }
            if (dice < 94) {
                return forwarding(before);
            }
            int seconds = 1 + random.nextInt(20);
            kind = "time";
            harness.timers().advance(Duration.ofSeconds(seconds));
            outcome = Outcome.OK;
            return "time +" + seconds + "s";
        }

        /** A call operation when there is a call to act on, else a new call. */
        private String somethingElse(Before before) {
            String done = callOperation(before);
            return done != null ? done : dial(before);
        }

        private String callOperation(Before before) {
            List<String> withCalls = USERS.stream().filter(name -> !before.views.get(name).isEmpty()).toList();
            if (withCalls.isEmpty()) {
                return null;
            }
            String name = pick(withCalls);
            CallView view = pick(before.views.get(name));
            List<CallOperation> capabilities = CallOperation.capabilitiesOf(view, harness.user(name));
            if (capabilities.isEmpty()) {
                throw new AssertionError(name + "'s call " + label(view.id()) + " offers nothing: " + view);
            }
            CallOperation chosen = weighted(capabilities);
            actor = name;
            operation = chosen;
            String destination = null;
            Map<String, Object> userData = null;
            String other = null;
            String key = null;
            String digits = null;
            String participant = null;
            String detail = "";
            switch (chosen) {
                case INITIATE_TRANSFER, INITIATE_CONFERENCE, SINGLE_STEP_TRANSFER, SINGLE_STEP_CONFERENCE -> {
                    destination = destination(name, before);
                    allowedRefusal = destination.equals(numberOf.get(name)) ? Refusal.INVALID_PARAMETER : null;
                    detail = " to " + destination;
                }
                case COMPLETE_TRANSFER, COMPLETE_CONFERENCE, SWAP_CALLS -> {
                    other = random.nextBoolean() ? view.otherCallId() : null;
                    detail = other == null ? "" : " with " + label(other);
                }
                case REMOVE_PARTICIPANT_FROM_CONFERENCE -> {
                    participant = pick(view.participants());
                    // A barged-in supervisor is everyone's participant, but only the supervisor's Hangup removes them.
                    allowedRefusal = participant.equals(numberOf.get(SUPERVISOR)) && view.monitoring() == null ? Refusal.NOT_FOUND : null;
                    detail = " " + participant;
                }
                case SEND_DTMF -> {
                    digits = String.valueOf(random.nextInt(1000));
                    detail = " " + digits;
                }
                case ATTACH_USER_DATA, UPDATE_USER_DATA -> {
                    userData = Map.of("k" + random.nextInt(4), "v" + random.nextInt(10));
                    detail = " " + userData;
                }
                case DELETE_USER_DATA_PAIR -> {
                    List<String> keys = new ArrayList<>(view.userData().keySet());
                    key = keys.isEmpty() || random.nextInt(5) == 0 ? "missing" : pick(keys);
                    allowedRefusal = view.userData().containsKey(key) ? null : Refusal.INVALID_PARAMETER;
                    detail = " " + key;
                }
                default -> {
                    // No parameters.
                }
            }
            CallRequest request = new CallRequest(chosen, destination, userData, other, key, digits, participant);
            outcome = harness.await(sw.callOperation(harness.user(name), view.id(), request));
            return name + " " + chosen.wireName() + " " + label(view.id()) + " (" + view.state().wireName() + ")" + detail;
        }

        /** supervisor1 asks to monitor a random number in a random way, or cancels. */
        private String supervisionStep(Before before) {
            actor = SUPERVISOR;
            String deviceId = harness.deviceId(numberOf.get(SUPERVISOR));
            if (random.nextInt(10) < 7) {
                MonitoringType type = pick(List.of(MonitoringType.values()));
                MonitoringScope scope = pick(List.of(MonitoringScope.values()));
                MonitoringMode mode = pick(List.of(MonitoringMode.values()));
                int dice = random.nextInt(20);
                String target;
                if (dice < 14) {
                    target = numberOf.get(pick(List.copyOf(new java.util.TreeSet<>(SALES))));
                } else if (dice < 18) {
                    target = random.nextBoolean() ? TestDirectory.ROUTING_POINT : TestDirectory.QUEUE;
                } else if (dice < 19) {
                    target = numberOf.get(SUPERVISOR);
                    allowedRefusal = Refusal.INVALID_PARAMETER;
                } else {
                    target = "9999";
                    allowedRefusal = Refusal.NOT_FOUND;
                }
                kind = "monitor";
                outcome = harness.await(sw.monitor(harness.user(SUPERVISOR), deviceId, new MonitoringRequest(type, scope, mode, target)));
                return SUPERVISOR + " " + type.wireName() + " " + scope.wireName() + " " + mode.wireName() + " " + target;
            }
            kind = "cancel";
            allowedRefusal = before.devices.get(SUPERVISOR).monitoring() == null ? Refusal.NOT_IN_CAPABILITIES : null;
            outcome = harness.await(sw.cancelMonitoring(harness.user(SUPERVISOR), deviceId));
            return SUPERVISOR + " CancelSupervisorMonitoring";
        }

        private String dial(Before before) {
            List<String> free = USERS.stream().filter(name -> before.views.get(name).stream()
                    .noneMatch(v -> v.state() == PartyState.ESTABLISHED || v.state() == PartyState.DIALING)).toList();
            if (free.isEmpty()) {
                return customerCall(before);
            }
            String name = pick(free);
            String destination = destination(name, before);
            if (destination.equals(numberOf.get(name))) {
                destination = TestDirectory.ROUTING_POINT;
                directTargets.clear();
            }
            actor = name;
            kind = "Dial";
            outcome = harness.await(sw.dial(harness.user(name), harness.deviceId(numberOf.get(name)), destination, Map.of()));
            return name + " Dial " + destination;
        }

        /** A destination for a call: mostly agents, sometimes the routing point, the queue or a new external number. */
        private String destination(String caller, Before before) {
            int dice = random.nextInt(10);
            String destination;
            if (dice < 6) {
                destination = numberOf.get(pick(USERS));
            } else if (dice < 8) {
                destination = random.nextBoolean() ? TestDirectory.ROUTING_POINT : TestDirectory.QUEUE;
            } else {
                destination = "5559" + String.format("%03d", ++externals);
            }
            String reached = before.resolve(destination);
            if (reached != null) {
                directTargets.add(reached);
            }
            return destination;
        }

        private String customerCall(Before before) {
            String from = "5551" + String.format("%03d", ++externals);
            String to = random.nextInt(3) == 0 ? numberOf.get(pick(USERS)) : TestDirectory.ROUTING_POINT;
            String reached = before.resolve(to);
            if (reached != null) {
                directTargets.add(reached);
            }
            kind = "customer calls";
            outcome = harness.await(sw.customerCall(from, to, Map.of("from", from)));
            // A device in do-not-disturb is busy for a customer.
            allowedRefusal = Refusal.IN_USE;
            return "customer " + from + " calls " + to;
        }

        private String customerAnswer(Before before) {
            List<String[]> ringing = new ArrayList<>();
            for (CallSnapshot call : before.live) {
                for (CallSnapshot.Party party : call.parties()) {
                    // A customer is addressed by number: the first active party with it must be the ringing one.
                    if (party.external() && party.state() == PartyState.RINGING && call.party(party.number()).orElseThrow() == party) {
                        ringing.add(new String[] {call.id(), party.number()});
                    }
                }
            }
            if (ringing.isEmpty()) {
                return somethingElse(before);
            }
            String[] chosen = pick(ringing);
            kind = "customer answers";
            outcome = harness.await(sw.customerAnswer(chosen[0], chosen[1]));
            return "customer " + chosen[1] + " answers " + label(chosen[0]);
        }

        private String customerHangup(Before before) {
            List<String[]> parties = externalParties(before, false);
            if (parties.isEmpty()) {
                return somethingElse(before);
            }
            String[] chosen = pick(parties);
            kind = "customer hangs up";
            outcome = harness.await(sw.customerHangup(chosen[0], chosen[1]));
            return "customer " + chosen[1] + " hangs up " + label(chosen[0]);
        }

        private String customerDtmf(Before before) {
            List<String[]> parties = externalParties(before, true);
            if (parties.isEmpty()) {
                return somethingElse(before);
            }
            String[] chosen = pick(parties);
            kind = "customer DTMF";
            outcome = harness.await(sw.customerDtmf(chosen[0], chosen[1], "9"));
            return "customer " + chosen[1] + " sends DTMF in " + label(chosen[0]);
        }

        private List<String[]> externalParties(Before before, boolean establishedOnly) {
            List<String[]> result = new ArrayList<>();
            for (CallSnapshot call : before.live) {
                for (CallSnapshot.Party party : call.parties()) {
                    if (party.external() && party.state().isActive() && (!establishedOnly || party.state() == PartyState.ESTABLISHED)) {
                        result.add(new String[] {call.id(), party.number()});
                    }
                }
            }
            return result;
        }

        private String agentState() {
            String name = pick(USERS);
            int dice = random.nextInt(10);
            AgentStateRequest request;
            if (dice < 5) {
                request = AgentStateRequest.of(AgentState.READY);
            } else if (dice < 7) {
                request = AgentStateRequest.of(AgentState.NOT_READY);
            } else if (dice < 9) {
                request = new AgentStateRequest(AgentState.AFTER_CALL_WORK, null,
                        random.nextBoolean() ? null : Duration.ofSeconds(random.nextInt(10)));
            } else {
                request = AgentStateRequest.of(AgentState.AUX_WORK);
            }
            actor = name;
            kind = request.target().toString();
            outcome = harness.await(sw.changeAgentState(harness.user(name), request));
            return name + " " + request.target() + (request.wrapUp() == null ? "" : " wrap-up " + request.wrapUp().toSeconds() + "s");
        }

        private String doNotDisturb(Before before) {
            String name = pick(USERS);
            boolean on = !before.devices.get(name).doNotDisturb();
            actor = name;
            kind = "DND";
            outcome = harness.await(sw.setDoNotDisturb(harness.user(name), harness.deviceId(numberOf.get(name)), on));
            return name + " DND " + (on ? "on" : "off");
        }

        private String forwarding(Before before) {
            String name = pick(USERS);
            actor = name;
            String destination = null;
            if (before.devices.get(name).forwardTo() == null) {
                List<String> targets = new ArrayList<>(numberOf.values());
                targets.remove(numberOf.get(name));
                targets.add(TestDirectory.ROUTING_POINT);
                targets.add("5558" + String.format("%03d", ++externals));
                destination = pick(targets);
            }
            kind = "forwarding";
            outcome = harness.await(sw.setForwarding(harness.user(name), harness.deviceId(numberOf.get(name)), destination));
            return name + " forwarding " + (destination == null ? "off" : "to " + destination);
        }

        // ---- checks ----

        private void check(Before before, List<SwitchEvent> events) {
            After after = new After();
            checkOutcome(events);
            checkEvents(events, after);
            checkCalls(after);
            checkDevices(after);
            checkAcd(before, after);
            checkSubscription(after);
        }

        private void checkOutcome(List<SwitchEvent> events) {
            if (outcome instanceof Outcome.Refused refused) {
                assertThat(refused.reason()).as("refusal of a legal step: %s", refused).isEqualTo(allowedRefusal);
                assertThat(events).as("events of a refused step").isEmpty();
            }
        }

        private void checkEvents(List<SwitchEvent> events, After after) {
            Map<String, CallSnapshot> lastChanged = new HashMap<>();
            for (SwitchEvent event : events) {
                if (event instanceof CallStateChanged changed) {
                    CallView view = changed.call();
                    String owner = userOfNumber.get(view.phoneNumber());
                    assertThat(owner).as("a call event for a device nobody here uses: %s", view).isNotNull();
                    assertThat(changed.userId()).as("user of %s", view.phoneNumber()).isEqualTo(harness.user(owner).id());
                    if (view.isReleased()) {
                        assertThat(CallOperation.capabilitiesOf(view, harness.user(owner))).as("capabilities of a released call").isEmpty();
                    }
                    if (changed.notification() == CallNotification.DTMF_SENT) {
                        assertThat(operation).as("DtmfSent without SendDtmf").isEqualTo(CallOperation.SEND_DTMF);
                        assertThat(owner).isEqualTo(actor);
                    }
                    lastSent.put(view.deviceId() + "/" + view.id(), view);
                } else if (event instanceof DeviceStateChanged changed) {
                    String owner = userOfNumber.get(changed.device().number());
                    assertThat(changed.userId()).isEqualTo(harness.user(owner).id());
                    if (changed.change() == DeviceChange.MONITORING) {
                        assertThat(owner).as("only the supervisor hears of monitoring").isEqualTo(SUPERVISOR);
                    }
                    lastDeviceSent.put(owner, changed.device());
                } else if (event instanceof CallFailed failed) {
                    assertThat(failed.userId()).as("CallFailed goes to who acted").isEqualTo(harness.user(actor).id());
                    assertThat(failed.errorCode()).isEqualTo(CallMechanics.ERROR_BUSY);
                } else if (event instanceof CallChanged changed) {
                    lastChanged.put(changed.call().id(), changed.call());
                }
            }
            // Every CallChanged's snapshot is what the switch shows for the call afterwards.
            for (Map.Entry<String, CallSnapshot> entry : lastChanged.entrySet()) {
                assertThat(sw.call(entry.getKey())).as("snapshot of %s", label(entry.getKey())).contains(entry.getValue());
            }
            // Every call event's view is the view the device shows afterwards, or it was released (and is gone).
            for (String name : USERS) {
                String deviceId = harness.deviceId(numberOf.get(name));
                Map<String, CallView> shown = new HashMap<>();
                after.views.get(name).forEach(view -> shown.put(view.id(), view));
                for (CallView view : after.views.get(name)) {
                    assertThat(lastSent.get(deviceId + "/" + view.id())).as("last event %s sent for %s", name, label(view.id()))
                            .isEqualTo(view);
                }
                for (Map.Entry<String, CallView> sent : lastSent.entrySet()) {
                    if (sent.getKey().startsWith(deviceId + "/") && !sent.getValue().isReleased()) {
                        assertThat(shown).as("%s was last told %s is %s", name, label(sent.getValue().id()), sent.getValue().state())
                                .containsKey(sent.getValue().id());
                    }
                }
                if (lastDeviceSent.containsKey(name)) {
                    // A monitored agent is not told who monitors their device (docs/compatibility.md).
                    assertThat(unmonitored(after.devices.get(name))).as("device %s as last sent", name)
                            .isEqualTo(unmonitored(lastDeviceSent.get(name)));
                }
            }
        }

        private void checkCalls(After after) {
            Set<String> seen = new HashSet<>();
            for (CallSnapshot call : after.live) {
                String id = label(call.id());
                assertThat(seen.add(call.id())).as("%s listed twice", id).isTrue();
                assertThat(call.ended()).as("%s is live but ended", id).isFalse();
                assertThat(sw.call(call.id())).as("published snapshot of %s", id).contains(call);
                List<CallSnapshot.Party> active = call.parties().stream().filter(p -> p.state().isActive()).toList();
                // Supervisors do not keep a call alive: its own parties do.
                List<CallSnapshot.Party> members = active.stream().filter(p -> p.role() != PartyRole.SUPERVISOR).toList();
                if (call.waitingAt() == null) {
                    assertThat(members).as("active parties of %s", id).hasSizeGreaterThanOrEqualTo(2);
                } else {
                    assertThat(members).as("active parties of %s waiting in %s", id, call.waitingAt()).isNotEmpty();
                }
                Monitoring monitoring = monitoringOf(call, active, after);
                Set<String> internal = new HashSet<>();
                for (CallSnapshot.Party party : call.parties()) {
                    boolean isDn = harness.directory().dnByNumber(TestDirectory.ENVIRONMENT, party.number()).isPresent();
                    assertThat(party.external()).as("%s in %s is external", party.number(), id).isEqualTo(!isDn);
                    if (!party.state().isActive()) {
                        assertThat(party.hears()).as("released %s in %s hears", party.number(), id).isEmpty();
                        continue;
                    }
                    if (!party.external()) {
                        assertThat(internal.add(party.number())).as("%s is in %s twice", party.number(), id).isTrue();
                        String owner = userOfNumber.get(party.number());
                        assertThat(owner).as("device %s in %s has no user here", party.number(), id).isNotNull();
                        CallView view = after.views.get(owner).stream().filter(v -> v.id().equals(call.id())).findFirst().orElse(null);
                        assertThat(view).as("%s's view of %s", owner, id).isNotNull();
                        checkViewMatches(view, call, party, active, monitoring);
                    }
                    checkHears(call, party, monitoring);
                }
                for (CallSnapshot.Party a : members) {
                    for (CallSnapshot.Party b : members) {
                        if (a != b && a.state() == PartyState.ESTABLISHED && b.state() == PartyState.ESTABLISHED && !a.muted()
                                && !b.muted() && !monitoring.userMuted(a) && !monitoring.userMuted(b)) {
                            assertThat(a.hears().contains(b.number())).as("%s hears %s iff %s hears %s in %s", a.number(), b.number(),
                                    b.number(), a.number(), id).isEqualTo(b.hears().contains(a.number()));
                        }
                    }
                }
            }
            // No orphan legs: every call a device shows is live and has the device's active party.
            for (String name : USERS) {
                for (CallView view : after.views.get(name)) {
                    CallSnapshot call = after.live.stream().filter(c -> c.id().equals(view.id())).findFirst().orElse(null);
                    assertThat(call).as("%s shows %s, which is not live", name, label(view.id())).isNotNull();
                    assertThat(call.party(numberOf.get(name))).as("%s's party in %s", name, label(view.id())).isPresent();
                }
            }
        }

        /**
         * The supervision of one live call: its supervisor's party and way of monitoring (from the supervisor's own view),
         * the party the supervisor listens in on or coaches (the view with supervisorListeningIn), the party muted for all
         * but the supervisor (the view with monitoredUserMuted). Checks that these are consistent.
         */
        private Monitoring monitoringOf(CallSnapshot call, List<CallSnapshot.Party> active, After after) {
            String id = label(call.id());
            List<CallSnapshot.Party> supervisors = active.stream().filter(p -> p.role() == PartyRole.SUPERVISOR).toList();
            assertThat(supervisors).as("supervisor legs in %s", id).hasSizeLessThanOrEqualTo(1);
            CallSnapshot.Party supervisor = supervisors.isEmpty() ? null : supervisors.get(0);
            CallView supervisorView = null;
            if (supervisor != null) {
                assertThat(supervisor.number()).as("supervisor in %s", id).isEqualTo(numberOf.get(SUPERVISOR));
                assertThat(supervisor.state()).as("supervisor's leg in %s", id).isEqualTo(PartyState.ESTABLISHED);
                supervisorView = after.views.get(SUPERVISOR).stream().filter(v -> v.id().equals(call.id())).findFirst().orElseThrow();
                assertThat(supervisorView.monitoring()).as("supervisor's view of %s", id).isNotNull();
                assertThat(supervisorView.muted()).as("supervisor muted in %s unless barged in", id)
                        .isEqualTo(supervisorView.monitoring() != MonitoringType.BARGE_IN);
                assertThat(after.devices.get(SUPERVISOR).monitoring()).as("subscription of the supervisor in %s", id).isNotNull();
            }
            CallSnapshot.Party listened = null;
            CallSnapshot.Party userMuted = null;
            for (CallSnapshot.Party party : active) {
                if (party.external() || party == supervisor) {
                    continue;
                }
                CallView view = after.views.get(userOfNumber.get(party.number())).stream().filter(v -> v.id().equals(call.id()))
                        .findFirst().orElse(null);
                if (view == null) {
                    continue;
                }
                assertThat(view.monitoring()).as("%s is no monitoring leg in %s", party.number(), id).isNull();
                if (view.supervisorListeningIn()) {
                    assertThat(listened).as("two listened-in parties in %s", id).isNull();
                    assertThat(supervisorView).as("supervisorListeningIn without a supervisor in %s", id).isNotNull();
                    assertThat(supervisorView.monitoring()).as("supervisorListeningIn while barged in, %s", id)
                            .isNotEqualTo(MonitoringType.BARGE_IN);
                    listened = party;
                }
                if (view.monitoredUserMuted()) {
                    assertThat(userMuted).as("two muted monitored parties in %s", id).isNull();
                    assertThat(supervisorView).as("monitoredUserMuted without a supervisor in %s", id).isNotNull();
                    assertThat(supervisorView.monitoredUserMuted()).as("supervisor's monitoredUserMuted in %s", id).isTrue();
                    userMuted = party;
                }
            }
            if (supervisorView != null && supervisorView.monitoring() != MonitoringType.BARGE_IN) {
                MonitoringView subscription = after.devices.get(SUPERVISOR).monitoring();
                boolean targetHere = active.stream().anyMatch(p -> p != supervisor && p.number().equals(subscription.targetNumber()));
                if (targetHere) {
                    assertThat(listened).as("the monitored agent of %s carries supervisorListeningIn", id).isNotNull();
                    assertThat(listened.number()).as("the listened-in party of %s", id).isEqualTo(subscription.targetNumber());
                }
            }
            return new Monitoring(supervisor, supervisorView == null ? null : supervisorView.monitoring(), listened, userMuted);
        }

        /** A live call's supervision (see {@link #monitoringOf}); all {@code null} without a supervisor. */
        private record Monitoring(CallSnapshot.Party supervisor, MonitoringType type, CallSnapshot.Party listened,
                                  CallSnapshot.Party userMuted) {
            boolean userMuted(CallSnapshot.Party party) {
                return party == userMuted;
            }

            /** Whether {@code party} is shown to the other parties as a participant. */
            boolean shown(CallSnapshot.Party party) {
                return party != supervisor || type == MonitoringType.BARGE_IN;
            }
        }

        private void checkViewMatches(CallView view, CallSnapshot call, CallSnapshot.Party party, List<CallSnapshot.Party> active,
                                      Monitoring monitoring) {
            String id = label(call.id());
            assertThat(view.state()).as("state of %s in %s", party.number(), id).isEqualTo(party.state());
            assertThat(view.muted()).as("mute of %s in %s", party.number(), id).isEqualTo(party.muted());
            // A supervisor who listens in or coaches is nobody's participant but sees everyone.
            List<String> others = active.stream().filter(p -> p != party && monitoring.shown(p)).map(CallSnapshot.Party::number)
                    .toList();
            assertThat(view.participants()).as("participants of %s in %s", party.number(), id).isEqualTo(others);
            assertThat(view.ani()).isEqualTo(call.ani());
            assertThat(view.dnis()).isEqualTo(call.dnis());
            assertThat(view.userData()).isEqualTo(call.userData());
            assertThat(view.parentCallId()).isEqualTo(call.parentCallId());
            long members = active.stream().filter(p -> p.role() != PartyRole.SUPERVISOR).count();
            assertThat(view.conference()).as("conference flag of %s", id).isEqualTo(members >= 3);
        }

        /**
         * Established parties hear each other unless muted, and supervision changes that (docs/compatibility.md): a ListenIn
         * supervisor is heard by nobody, a Coach by the agent they coach, a BargeIn supervisor by everyone; a monitored
         * agent the supervisor muted is heard by the supervisor only.
         */
        private void checkHears(CallSnapshot call, CallSnapshot.Party party, Monitoring monitoring) {
            List<String> expected = new ArrayList<>();
            if (party.state() == PartyState.ESTABLISHED) {
                for (CallSnapshot.Party other : call.parties()) {
                    if (other == party || other.state() != PartyState.ESTABLISHED) {
                        continue;
                    }
                    boolean heard;
                    if (other == monitoring.supervisor()) {
                        heard = switch (monitoring.type()) {
                            case LISTEN_IN -> false;
                            case COACH -> party == monitoring.listened();
                            case BARGE_IN -> true;
                        };
                    } else if (other.muted()) {
                        heard = false;
                    } else if (monitoring.userMuted(other)) {
                        heard = party == monitoring.supervisor();
                    } else {
                        heard = true;
                    }
                    if (heard) {
                        expected.add(other.number());
                    }
                }
            }
            assertThat(party.hears()).as("%s (%s) hears in %s", party.number(), party.state(), label(call.id())).isEqualTo(expected);
        }

        private void checkDevices(After after) {
            for (String name : USERS) {
                User user = harness.user(name);
                List<CallView> views = after.views.get(name);
                long active = views.stream().filter(v -> v.state() == PartyState.ESTABLISHED || v.state() == PartyState.DIALING).count();
                assertThat(active).as("%s's dialing or established calls", name).isLessThanOrEqualTo(1);
                for (CallView view : views) {
                    String id = label(view.id());
                    assertThat(view.isReleased()).as("%s shows released %s", name, id).isFalse();
                    boolean otherActive = views.stream().anyMatch(v -> v != view
                            && (v.state() == PartyState.ESTABLISHED || v.state() == PartyState.DIALING));
                    assertThat(view.anotherCallActive()).as("%s's %s anotherCallActive", name, id).isEqualTo(otherActive);
                    boolean paired = view.otherCallId() != null;
                    if (paired) {
                        CallView pair = views.stream().filter(v -> v.id().equals(view.otherCallId())).findFirst().orElse(null);
                        assertThat(pair).as("%s's pair of %s", name, id).isNotNull();
                        assertThat(pair.otherCallId()).as("%s's pairing is mutual", name).isEqualTo(view.id());
                        assertThat(view.otherCallState()).isEqualTo(pair.state());
                        assertThat(view.id().equals(pair.parentCallId()) || pair.id().equals(view.parentCallId()))
                                .as("%s's paired calls are a call and its consultation", name).isTrue();
                    }
                    checkCapabilities(name, user, view, paired);
                }
            }
        }

        private void checkCapabilities(String name, User user, CallView view, boolean paired) {
            if (view.monitoring() != null) {
                checkMonitoringCapabilities(name, user, view);
                return;
            }
            List<CallOperation> caps = CallOperation.capabilitiesOf(view, user);
            String what = name + "'s " + label(view.id()) + " " + view.state() + " " + caps;
            PartyState state = view.state();
            assertThat(caps).as(what).contains(CallOperation.HANGUP);
            assertThat(caps.contains(CallOperation.ANSWER)).as("Answer: " + what)
                    .isEqualTo(state == PartyState.RINGING && !view.anotherCallActive());
            assertThat(caps.contains(CallOperation.RETRIEVE)).as("Retrieve: " + what)
                    .isEqualTo(state == PartyState.HELD && !paired && !view.anotherCallActive());
            assertThat(caps.contains(CallOperation.HOLD)).as("Hold: " + what).isEqualTo(state == PartyState.ESTABLISHED && !paired);
            boolean established = state == PartyState.ESTABLISHED;
            assertThat(caps.contains(CallOperation.MUTE_CALL)).as("Mute: " + what).isEqualTo(established && !view.muted());
            assertThat(caps.contains(CallOperation.UNMUTE_CALL)).as("Unmute: " + what).isEqualTo(established && view.muted());
            Set<PartyState> pairStates = paired ? Set.of(state, view.otherCallState()) : Set.of();
            if (caps.contains(CallOperation.SWAP_CALLS) || caps.contains(CallOperation.COMPLETE_CONFERENCE)) {
                assertThat(pairStates).as("Swap/CompleteConference need an established and a held call: " + what)
                        .containsExactlyInAnyOrder(PartyState.ESTABLISHED, PartyState.HELD);
            }
            if (caps.contains(CallOperation.COMPLETE_TRANSFER)) {
                assertThat(paired).as("CompleteTransfer needs a pair: " + what).isTrue();
            }
            // ClearCall is a conference owner's, but for a direct call that rings (a real server offers it there).
            boolean conferenceOps = caps.contains(CallOperation.REMOVE_PARTICIPANT_FROM_CONFERENCE)
                    || caps.contains(CallOperation.CLEAR_CALL) && state != PartyState.RINGING;
            assertThat(conferenceOps).as("conference operations: " + what)
                    .isEqualTo(state == PartyState.ESTABLISHED && view.conference() && view.conferenceOwner());
            boolean recording = caps.stream().anyMatch(op -> op.name().endsWith("_CALL_RECORDING"));
            assertThat(recording).as("recording operations: " + what)
                    .isEqualTo(state == PartyState.ESTABLISHED && user.hasFeature(Feature.VOICE_RECORDING));
            if (state == PartyState.RINGING && view.monitoring() == null && !view.awaitingEndpoint()) {
                assertThat(caps.contains(CallOperation.REJECT)).as("Reject only for a queue's offer: " + what)
                        .isEqualTo(view.queue() != null);
                assertThat(caps.contains(CallOperation.CLEAR_CALL)).as("ClearCall on a direct call that rings: " + what)
                        .isEqualTo(view.queue() == null);
            } else {
                assertThat(caps).as("Reject only while a queue's offer rings: " + what).doesNotContain(CallOperation.REJECT);
            }
            if (state == PartyState.DIALING || state == PartyState.RINGING) {
                assertThat(caps).as(what).doesNotContain(CallOperation.HOLD, CallOperation.RETRIEVE, CallOperation.INITIATE_TRANSFER,
                        CallOperation.SINGLE_STEP_TRANSFER, CallOperation.MUTE_CALL);
            }
        }

        /** A monitoring leg offers hang-up, user data, switching to another way, muting the agent, and removing (barged in). */
        private void checkMonitoringCapabilities(String name, User user, CallView view) {
            List<CallOperation> caps = CallOperation.capabilitiesOf(view, user);
            String what = name + "'s monitoring " + label(view.id()) + " " + view.monitoring() + " " + caps;
            MonitoringType type = view.monitoring();
            assertThat(view.state()).as(what).isEqualTo(PartyState.ESTABLISHED);
            assertThat(view.monitoringSwitchable()).as("SIP Server switches at once: " + what).isTrue();
            assertThat(caps).as(what).contains(CallOperation.HANGUP, CallOperation.ATTACH_USER_DATA, CallOperation.UPDATE_USER_DATA,
                    CallOperation.DELETE_USER_DATA_PAIR, CallOperation.DELETE_USER_DATA);
            assertThat(caps.contains(CallOperation.SWITCH_TO_BARGE_IN)).as(what).isEqualTo(type != MonitoringType.BARGE_IN);
            assertThat(caps.contains(CallOperation.SWITCH_TO_LISTEN_IN)).as(what).isEqualTo(type != MonitoringType.LISTEN_IN);
            assertThat(caps.contains(CallOperation.MUTE_MONITORED_USER)).as(what).isEqualTo(!view.monitoredUserMuted());
            assertThat(caps.contains(CallOperation.UNMUTE_MONITORED_USER)).as(what).isEqualTo(view.monitoredUserMuted());
            assertThat(caps.contains(CallOperation.REMOVE_PARTICIPANT_FROM_CONFERENCE)).as(what)
                    .isEqualTo(type == MonitoringType.BARGE_IN);
            assertThat(caps).as(what).doesNotContain(CallOperation.ANSWER, CallOperation.HOLD, CallOperation.RETRIEVE,
                    CallOperation.MUTE_CALL, CallOperation.UNMUTE_CALL, CallOperation.INITIATE_TRANSFER, CallOperation.SINGLE_STEP_TRANSFER,
                    CallOperation.INITIATE_CONFERENCE, CallOperation.SINGLE_STEP_CONFERENCE, CallOperation.CLEAR_CALL,
                    CallOperation.SWAP_CALLS, CallOperation.START_CALL_RECORDING);
        }

        /**
         * The subscription as the switch shows it and as it is inside: listed as on the device, the target's device
         * pointing back at it, its leg (if any) an active, Established leg of the supervisor's device in a live call that
         * points back at it, and no other monitoring leg anywhere.
         */
        private void checkSubscription(After after) {
            MonitoringView onDevice = after.devices.get(SUPERVISOR).monitoring();
            MonitoringView listed = sw.subscriptions().get(harness.deviceId(numberOf.get(SUPERVISOR)));
            assertThat(listed).as("the listed subscription is the device's").isEqualTo(onDevice);
            for (String name : SALES) {
                boolean target = onDevice != null && onDevice.targetNumber().equals(numberOf.get(name));
                assertThat(after.devices.get(name).monitoredBy()).as("%s monitored by", name)
                        .isEqualTo(target ? harness.user(SUPERVISOR).id() : null);
            }
            Internals internals = harness.await(harness.executor().submit(this::internals));
            assertThat(internals.problems()).as("subscriptions inside the switch").isEmpty();
            Set<String> live = new HashSet<>();
            after.live.forEach(call -> live.add(call.id()));
            Set<String> supervised = new HashSet<>();
            for (CallSnapshot call : after.live) {
                if (call.parties().stream().anyMatch(p -> p.state().isActive() && p.role() == PartyRole.SUPERVISOR)) {
                    supervised.add(call.id());
                }
            }
            assertThat(supervised).as("the calls with a supervisor are those of the subscription's leg")
                    .isEqualTo(internals.legCalls());
            assertThat(live).as("a monitoring leg is in a live call").containsAll(internals.legCalls());
        }

        /** What {@link #internals} found. */
        private record Internals(List<String> problems, Set<String> legCalls) {
        }

        /**
         * Reads the switch's devices (a private field, read by reflection: the switch offers no such view) on the switch
         * thread and checks that subscriptions, targets and monitoring legs point at each other.
         */
        private Internals internals() {
            Devices devices;
            try {
                Field field = Switch.class.getDeclaredField("devices");
                field.setAccessible(true);
                devices = (Devices) field.get(sw);
            } catch (ReflectiveOperationException unreadable) {
                throw new IllegalStateException("Cannot read the switch's devices", unreadable);
            }
            List<String> problems = new ArrayList<>();
            Set<String> legCalls = new HashSet<>();
            for (Device device : devices.all()) {
                String number = device.dn.number();
                Subscription subscription = device.monitoring;
                if (subscription != null) {
                    expect(problems, subscription.supervisor == device, number + "'s subscription names another supervisor");
                    expect(problems, subscription.target == null || subscription.target.monitoredBy == subscription,
                            number + "'s target does not point back at the subscription");
                    Party leg = subscription.leg();
                    if (leg != null) {
                        expect(problems, leg.active() && leg.state == PartyState.ESTABLISHED, number + "'s monitoring leg is " + leg.state);
                        expect(problems, leg.monitor == subscription, number + "'s monitoring leg has another subscription");
                        expect(problems, leg.device == device && device.legs.contains(leg), number + "'s monitoring leg is not its own");
                        legCalls.add(leg.call.id);
                    }
                }
                if (device.monitoredBy != null) {
                    expect(problems, device.monitoredBy.supervisor.monitoring == device.monitoredBy && device.monitoredBy.target == device,
                            number + " is monitored by a subscription that is over or not its own");
                }
                for (Party leg : device.legs) {
                    if (leg.supervising()) {
                        expect(problems, leg.monitor.leg() == leg && device.monitoring == leg.monitor,
                                number + " has a monitoring leg its subscription does not know");
                    }
                }
            }
            return new Internals(problems, legCalls);
        }

        private static void expect(List<String> problems, boolean holds, String problem) {
            if (!holds) {
                problems.add(problem);
            }
        }

        /** The device without who monitors it, which its user is not told. */
        private static DeviceView unmonitored(DeviceView device) {
            return device == null ? null : new DeviceView(device.dn(), device.userId(), device.agentState(), device.readyWorkMode(),
                    device.doNotDisturb(), device.forwardTo(), device.agentStateSince(), device.monitoring(), null);
        }

        private void checkAcd(Before before, After after) {
            // No caller waits while a Ready member of the queue's group is free.
            boolean waiting = after.live.stream().anyMatch(call -> call.waitingAt() != null);
            if (waiting) {
                for (String name : SALES) {
                    assertThat(free(name, after)).as("%s is free and Ready while a caller waits", name).isFalse();
                }
            }
            // A new ACD offer goes only to a Ready, free member, and is then the agent's only call.
            for (String name : SALES) {
                if (directTargets.contains(numberOf.get(name)) || isCompletion()) {
                    continue;
                }
                for (CallView view : after.views.get(name)) {
                    boolean wasRinging = before.views.get(name).stream()
                            .anyMatch(v -> v.id().equals(view.id()) && v.state() == PartyState.RINGING);
                    if (view.state() == PartyState.RINGING && !wasRinging) {
                        DeviceView device = after.devices.get(name);
                        String what = name + " was offered " + label(view.id());
                        assertThat(device.agentState()).as(what).isEqualTo(AgentState.READY);
                        assertThat(device.doNotDisturb()).as(what).isFalse();
                        assertThat(device.forwardTo()).as(what).isNull();
                        assertThat(after.views.get(name)).as(what + " while in another call").hasSize(1);
                        offeredSince.put(numberOf.get(name) + "/" + view.id(), harness.timers().clock().instant());
                    }
                }
            }
            // An ACD offer rings at most the queue's ring-no-answer time.
            java.time.Instant now = harness.timers().clock().instant();
            Set<String> stillRinging = new HashSet<>();
            for (String name : SALES) {
                for (CallView view : after.views.get(name)) {
                    if (view.state() == PartyState.RINGING) {
                        stillRinging.add(numberOf.get(name) + "/" + view.id());
                    }
                }
            }
            offeredSince.keySet().retainAll(stillRinging);
            for (Map.Entry<String, java.time.Instant> offer : offeredSince.entrySet()) {
                assertThat(Duration.between(offer.getValue(), now)).as("ACD offer %s rings since %s", offer.getKey(), offer.getValue())
                        .isLessThan(Duration.ofSeconds(Dn.DEFAULT_RING_NO_ANSWER_SECONDS));
            }
        }

        private boolean isCompletion() {
            return operation == CallOperation.COMPLETE_TRANSFER || operation == CallOperation.COMPLETE_CONFERENCE;
        }

        private boolean free(String name, After after) {
            DeviceView device = after.devices.get(name);
            return device.agentState() == AgentState.READY && !device.doNotDisturb() && device.forwardTo() == null
                    && after.views.get(name).isEmpty();
        }

        // ---- state capture and reporting ----

        /** What the switch showed before a step. */
        private class Before {
            final List<CallSnapshot> live = harness.await(sw.liveCalls());
            final Map<String, List<CallView>> views = viewsByUser();
            final Map<String, DeviceView> devices = devicesByUser();

            /** The agent device a call to {@code number} would ring at directly (following forwarding), or null. */
            String resolve(String number) {
                String current = number;
                for (int hops = 0; hops <= 5; hops++) {
                    String owner = userOfNumber.get(current);
                    if (owner == null) {
                        return null;
                    }
                    String forwardTo = devices.get(owner).forwardTo();
                    if (forwardTo == null || hops == 5) {
                        return current;
                    }
                    current = forwardTo;
                }
                return current;
            }
        }

        /** What the switch shows after a step. */
        private class After {
            final List<CallSnapshot> live = harness.await(sw.liveCalls());
            final Map<String, List<CallView>> views = viewsByUser();
            final Map<String, DeviceView> devices = devicesByUser();
        }

        private Map<String, List<CallView>> viewsByUser() {
            Map<String, List<CallView>> result = new LinkedHashMap<>();
            for (String name : USERS) {
                List<CallView> views = sw.callsOf(harness.user(name)).stream().sorted(Comparator.comparing(CallView::connId)).toList();
                views.forEach(view -> label(view.id()));
                result.put(name, views);
            }
            return result;
        }

        private Map<String, DeviceView> devicesByUser() {
            Map<String, DeviceView> result = new LinkedHashMap<>();
            for (String name : USERS) {
                result.put(name, harness.device(numberOf.get(name)));
            }
            return result;
        }

        /** A short, stable name for a call id: c1, c2, … in the order the test first saw them. */
        private String label(String callId) {
            return callId == null ? "null" : labels.computeIfAbsent(callId, id -> "c" + (labels.size() + 1));
        }

        private String describe(Outcome result) {
            if (result instanceof Outcome.Accepted accepted) {
                return accepted.id() == null ? "OK" : "OK " + label(accepted.id());
            }
            return String.valueOf(result);
        }

        private String eventSummary(List<SwitchEvent> events) {
            List<String> rows = EventRows.rows(harness.directory(), events);
            if (rows.isEmpty()) {
                return "";
            }
            StringBuilder summary = new StringBuilder();
            for (SwitchEvent event : events) {
                if (event instanceof CallStateChanged changed) {
                    summary.append("\n      ").append(label(changed.call().id())).append(' ')
                            .append(EventRows.callRow(changed));
                } else if (!(event instanceof CallChanged)) {
                    summary.append("\n      ").append(EventRows.row(harness.directory(), event));
                }
            }
            return summary.toString();
        }

        private String state() {
            StringBuilder text = new StringBuilder();
            try {
                for (CallSnapshot call : harness.await(sw.liveCalls())) {
                    text.append(label(call.id())).append(call.parentCallId() == null ? "" : " consults " + label(call.parentCallId()))
                            .append(call.waitingAt() == null ? "" : " waiting at " + call.waitingAt()).append(':');
                    for (CallSnapshot.Party party : call.parties()) {
                        text.append(' ').append(party.number()).append('/').append(party.role()).append('/')
                                .append(party.state().wireName()).append(party.muted() ? "/muted" : "").append(" hears ")
                                .append(party.hears()).append(';');
                    }
                    text.append('\n');
                }
                for (String name : USERS) {
                    DeviceView device = harness.device(numberOf.get(name));
                    text.append(name).append(' ').append(device.agentState()).append(device.doNotDisturb() ? " DND" : "")
                            .append(device.forwardTo() == null ? "" : " forward " + device.forwardTo()).append(':');
                    for (CallView view : sw.callsOf(harness.user(name))) {
                        text.append(' ').append(label(view.id())).append('/').append(view.state().wireName())
                                .append(view.otherCallId() == null ? "" : "/pair " + label(view.otherCallId()));
                    }
                    text.append('\n');
                }
            } catch (RuntimeException | AssertionError unreadable) {
                text.append("(state unreadable: ").append(unreadable).append(")");
            }
            return text.toString();
        }

        /** One of {@code capabilities}, favouring those that change the shape of calls over user data and DTMF. */
        private CallOperation weighted(List<CallOperation> capabilities) {
            int total = 0;
            for (CallOperation capability : capabilities) {
                total += weight(capability);
            }
            int dice = random.nextInt(total);
            for (CallOperation capability : capabilities) {
                dice -= weight(capability);
                if (dice < 0) {
                    return capability;
                }
            }
            throw new IllegalStateException("unreachable");
        }

        private static int weight(CallOperation operation) {
            return switch (operation) {
                case ANSWER -> 30;
                case COMPLETE_TRANSFER, COMPLETE_CONFERENCE, RETRIEVE -> 12;
                case SWAP_CALLS, INITIATE_TRANSFER, INITIATE_CONFERENCE, SINGLE_STEP_CONFERENCE, HOLD -> 8;
                // Offered only after MuteCall or StartCallRecording: favoured, or they would hardly ever run.
                case UNMUTE_CALL, STOP_CALL_RECORDING, PAUSE_CALL_RECORDING, RESUME_CALL_RECORDING -> 10;
                case REMOVE_PARTICIPANT_FROM_CONFERENCE, SINGLE_STEP_TRANSFER -> 6;
                // Supervision: offered only on a supervisor's monitoring leg.
                case SWITCH_TO_LISTEN_IN, SWITCH_TO_BARGE_IN, MUTE_MONITORED_USER, UNMUTE_MONITORED_USER -> 6;
                case CLEAR_CALL, MUTE_CALL, START_CALL_RECORDING -> 3;
                case HANGUP -> 2;
                default -> 1;
            };
        }

        private <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }
    }
}
