package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

/**
 * The customers at external numbers: when a call rings at a number outside the dial plan (an agent dialed a
 * customer), the customer answers after a delay (decisions.md §6: 1 s). It acts only through
 * {@link Switch#customerAnswer}, and learns of ringing customers from {@link CallChanged} events.
 *
 * <p>Each ringing of a (call, number) is answered once: repeated events that show the same ringing party schedule
 * nothing more. The only state kept is that set of pending answers, dropped when the ringing ends.
 */
public final class Customers implements Consumer<SwitchEvent>, AutoCloseable {
    /** How long a dialed customer lets the phone ring before answering (decisions.md §6). */
    public static final Duration DEFAULT_ANSWER_DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Customers.class);

    private final ContactCenter contactCenter;
    private final ScheduledExecutorService scheduler;
    private final Duration answerDelay;
    /** Per call, the external numbers ringing in it whose answer is scheduled. Guarded by {@code this}. */
    private final Map<String, Set<String>> ringing = new HashMap<>();
    private volatile boolean closed;

    /**
     * Customers who answer through {@code contactCenter}'s switches.
     *
     * @param scheduler   runs the delayed answers
     * @param answerDelay how long a customer lets the phone ring
     */
    public Customers(ContactCenter contactCenter, ScheduledExecutorService scheduler, Duration answerDelay) {
        this.contactCenter = Objects.requireNonNull(contactCenter, "contactCenter");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.answerDelay = requireNotNegative(answerDelay, "answerDelay");
    }

    /** Looks at each {@link CallChanged} for external parties that started ringing; ignores other events. */
    @Override
    public void accept(SwitchEvent event) {
        if (closed || !(event instanceof CallChanged changed)) {
            return;
        }
        CallSnapshot call = changed.call();
        synchronized (this) {
            Set<String> scheduled = ringing.get(call.id());
            Set<String> nowRinging = new HashSet<>();
            for (CallSnapshot.Party party : call.parties()) {
                if (party.external() && party.state() == PartyState.RINGING) {
                    nowRinging.add(party.number());
                }
            }
            if (scheduled != null) {
                // A number that stopped ringing (answered, or released) may be rung again later in the same call.
                scheduled.retainAll(nowRinging);
            }
            for (String number : nowRinging) {
                if (scheduled == null) {
                    scheduled = new HashSet<>();
                    ringing.put(call.id(), scheduled);
                }
                if (scheduled.add(number)) {
                    SimTasks.schedule(scheduler, answerDelay, "customer answers", () -> answer(call.id(), number));
                }
            }
            if (scheduled != null && scheduled.isEmpty()) {
                ringing.remove(call.id());
            }
        }
    }

    private void answer(String callId, String number) {
        if (closed) {
            return;
        }
        SimTasks.switchOf(contactCenter, callId).ifPresent(owner -> owner.customerAnswer(callId, number)
                .whenComplete((outcome, failure) -> {
                    // Refused when the call stopped ringing meanwhile (the agent gave up): nothing to do.
                    if (failure != null || !outcome.isAccepted()) {
                        LOG.debug("Customer {} did not answer call {}: {}", number, callId, failure != null ? failure : outcome);
                    }
                }));
    }

    /** Stops answering; answers already scheduled do nothing when they come due. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            ringing.clear();
        }
    }

    static Duration requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
        return duration;
    }
}
