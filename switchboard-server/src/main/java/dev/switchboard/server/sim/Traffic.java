package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

/**
 * Simulated inbound callers ({@code --traffic N}): N calls per minute on average to routing point
 * {@value #ROUTING_POINT}, with Poisson arrivals (exponential times between calls). Each caller, from a number
 * 555xxxx, has a patience and a talk time drawn from exponential distributions with the configured means (at least
 * {@link #MIN_DURATION} each): a caller no agent answered within their patience hangs up; a caller an agent answered
 * hangs up after their talk time, unless the agent hung up first.
 *
 * <p>Callers act only through {@link Switch#customerCall} and {@link Switch#customerHangup}; they learn that an agent
 * answered from {@link CallChanged} events (their party becomes established). Everything runs on the injected
 * scheduler and the random generator given, so a seed and fake time make a run repeatable.
 */
public final class Traffic implements Consumer<SwitchEvent>, AutoCloseable {
    /** Where simulated callers call (docs/compatibility.md). */
    public static final String ROUTING_POINT = "7000";
    /** Default mean talk time. */
    public static final Duration DEFAULT_MEAN_TALK_TIME = Duration.ofSeconds(30);
    /** Default mean patience. */
    public static final Duration DEFAULT_MEAN_PATIENCE = Duration.ofSeconds(60);
    /** The shortest patience or talk time drawn: nobody hangs up before the first ring. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);
    private static final long ONE_MINUTE_NANOS = Duration.ofMinutes(1).toNanos();
    /** Tries at finding a 555xxxx number no live caller uses before an arrival is skipped. */
    private static final int NUMBER_ATTEMPTS = 100;

    private final ContactCenter contactCenter;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final double callsPerMinute;
    private final Duration meanTalkTime;
    private final Duration meanPatience;

    // Guarded by this.
    private final Map<String, Caller> callers = new LinkedHashMap<>();
    private final Set<String> numbersInUse = new HashSet<>();
    private final List<Caller> placing = new ArrayList<>();
    private Switch target;
    private ScheduledFuture<?> nextArrival;
    private boolean started;
    private boolean closed;
    private long placed;

    /**
     * Callers who call through {@code contactCenter}'s switch that has routing point {@value #ROUTING_POINT}.
     *
     * @param random         draws arrivals, numbers, patience and talk times; used under this object's lock only, so
     *                       it need not be thread-safe
     * @param callsPerMinute the mean arrival rate; 0 places no calls
     */
    public Traffic(ContactCenter contactCenter, ScheduledExecutorService scheduler, RandomGenerator random, double callsPerMinute,
                   Duration meanTalkTime, Duration meanPatience) {
        this.contactCenter = Objects.requireNonNull(contactCenter, "contactCenter");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        if (!(callsPerMinute >= 0) || Double.isInfinite(callsPerMinute)) {
            throw new IllegalArgumentException("callsPerMinute must be a finite number >= 0, not " + callsPerMinute);
        }
        this.callsPerMinute = callsPerMinute;
        this.meanTalkTime = Customers.requireNotNegative(meanTalkTime, "meanTalkTime");
        this.meanPatience = Customers.requireNotNegative(meanPatience, "meanPatience");
    }

    /**
     * Starts placing calls, the first after a random wait. Does nothing when the rate is 0, when already started or
     * closed, or when no voice environment has routing point {@value #ROUTING_POINT} (logged).
     */
    public synchronized void start() {
        if (started || closed || callsPerMinute == 0) {
            return;
        }
        Optional<Switch> found = targetSwitch();
        if (found.isEmpty()) {
            LOG.warn("No voice environment has routing point {}; simulated traffic not started", ROUTING_POINT);
            return;
        }
        target = found.get();
        started = true;
        scheduleNextArrival();
        LOG.info("Simulated traffic: {} calls per minute to {} on {}", callsPerMinute, ROUTING_POINT, target.environment().name());
    }

    private Optional<Switch> targetSwitch() {
        for (Switch candidate : contactCenter.switches()) {
            if (contactCenter.directory().dnByNumber(candidate.environment().name(), ROUTING_POINT).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private void scheduleNextArrival() {
        long meanNanos = (long) (ONE_MINUTE_NANOS / callsPerMinute);
        Duration wait = Duration.ofNanos((long) (meanNanos * random.nextExponential()));
        nextArrival = SimTasks.schedule(scheduler, wait, "caller arrives", () -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                arrive();
                scheduleNextArrival();
            }
        });
    }

    /** A caller calls now. Package-private so that tests can place one call at a known time. */
    synchronized void arrive() {
        if (closed) {
            return;
        }
        if (target == null) {
            target = targetSwitch().orElse(null);
            if (target == null) {
                return;
            }
        }
        String number = freshNumber();
        if (number == null) {
            LOG.warn("No free 555xxxx number for a simulated caller; arrival skipped");
            return;
        }
        Caller caller = new Caller(number, draw(meanPatience), draw(meanTalkTime), target);
        numbersInUse.add(number);
        placing.add(caller);
        // Patience runs from the moment the caller dials, so it is scheduled now, before the switch answers with the id.
        caller.patienceTimer = SimTasks.schedule(scheduler, caller.patience, "caller's patience ends", () -> patienceOver(caller));
        target.customerCall(number, ROUTING_POINT, Map.of()).whenComplete((outcome, failure) -> placed(caller, outcome, failure));
    }

    private String freshNumber() {
        for (int attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
            String number = String.format("555%04d", random.nextInt(10_000));
            if (!numbersInUse.contains(number)
                    && contactCenter.directory().dnByNumber(target.environment().name(), number).isEmpty()) {
                return number;
            }
        }
        return null;
    }

    private Duration draw(Duration mean) {
        long nanos = (long) (mean.toNanos() * random.nextExponential());
        return Duration.ofNanos(Math.max(MIN_DURATION.toNanos(), nanos));
    }

    private synchronized void placed(Caller caller, Outcome outcome, Throwable failure) {
        placing.remove(caller);
        if (failure != null || !(outcome instanceof Outcome.Accepted accepted) || accepted.id() == null) {
            LOG.debug("Simulated caller {} could not call {}: {}", caller.number, ROUTING_POINT, failure != null ? failure : outcome);
            forget(caller);
            return;
        }
        if (closed) {
            forget(caller);
            return;
        }
        caller.callId = accepted.id();
        callers.put(caller.callId, caller);
        placed++;
        if (caller.gaveUp) {
            hangUp(caller);
            return;
        }
        // The events of the call may have been consumed before this callback ran; catch up with the call as it is now.
        caller.switchOf.call(caller.callId).ifPresent(this::observe);
    }

    /** Follows the calls of simulated callers: when their party is established an agent answered; when it is gone, so are they. */
    @Override
    public void accept(SwitchEvent event) {
        if (event instanceof CallChanged changed) {
            observe(changed.call());
        }
    }

    private synchronized void observe(CallSnapshot call) {
        Caller caller = callers.get(call.id());
        if (caller == null) {
            return;
        }
        Optional<CallSnapshot.Party> party = call.party(caller.number);
        if (party.isEmpty()) {
            forget(caller);
        } else if (party.get().state() == PartyState.ESTABLISHED && !caller.answered) {
            caller.answered = true;
            SimTasks.cancel(caller.patienceTimer);
            caller.patienceTimer = null;
            if (!closed) {
                caller.talkTimer = SimTasks.schedule(scheduler, caller.talkTime, "caller ends the conversation", () -> talkOver(caller));
            }
        }
    }

    private synchronized void patienceOver(Caller caller) {
        caller.patienceTimer = null;
        if (closed || caller.answered) {
            return;
        }
        if (caller.callId == null) {
            // The switch has not yet answered with the call id; hang up as soon as it does.
            caller.gaveUp = true;
            return;
        }
        if (callers.get(caller.callId) == caller) {
            hangUp(caller);
        }
    }

    private synchronized void talkOver(Caller caller) {
        caller.talkTimer = null;
        if (!closed && callers.get(caller.callId) == caller) {
            hangUp(caller);
        }
    }

    private void hangUp(Caller caller) {
        caller.switchOf.customerHangup(caller.callId, caller.number).whenComplete((outcome, failure) -> {
            // Refused when the agent hung up first (the call is gone): the events clean up either way.
            if (failure != null || !outcome.isAccepted()) {
                LOG.debug("Simulated caller {} could not hang up call {}: {}", caller.number, caller.callId,
                        failure != null ? failure : outcome);
            }
        });
    }

    private void forget(Caller caller) {
        if (caller.callId != null) {
            callers.remove(caller.callId, caller);
        }
        numbersInUse.remove(caller.number);
        SimTasks.cancel(caller.patienceTimer);
        SimTasks.cancel(caller.talkTimer);
        caller.patienceTimer = null;
        caller.talkTimer = null;
    }

    /** How many calls the simulated callers placed so far (accepted by the switch). */
    public synchronized long placedCalls() {
        return placed;
    }

    /** The callers whose calls are live, as they are now: for tests and diagnostics. */
    synchronized List<CallerView> callers() {
        List<CallerView> result = new ArrayList<>();
        for (Caller caller : callers.values()) {
            result.add(new CallerView(caller.callId, caller.number, caller.patience, caller.talkTime, caller.answered));
        }
        return result;
    }

    /**
     * Stops placing calls and cancels the callers' timers. Calls in progress are left as they are: closing is for
     * shutdown, when the switch stops too.
     */
    @Override
    public synchronized void close() {
        closed = true;
        SimTasks.cancel(nextArrival);
        nextArrival = null;
        for (Caller caller : new ArrayList<>(callers.values())) {
            forget(caller);
        }
        for (Caller caller : new ArrayList<>(placing)) {
            forget(caller);
        }
    }

    /** A live caller as tests see it. */
    record CallerView(String callId, String number, Duration patience, Duration talkTime, boolean answered) {
    }

    /** One simulated caller. Mutable, guarded by the enclosing {@link Traffic}. */
    private static final class Caller {
        final String number;
        final Duration patience;
        final Duration talkTime;
        final Switch switchOf;
        String callId;
        boolean answered;
        boolean gaveUp;
        ScheduledFuture<?> patienceTimer;
        ScheduledFuture<?> talkTimer;

        Caller(String number, Duration patience, Duration talkTime, Switch switchOf) {
            this.number = number;
            this.patience = patience;
            this.talkTime = talkTime;
            this.switchOf = switchOf;
        }
    }
}
