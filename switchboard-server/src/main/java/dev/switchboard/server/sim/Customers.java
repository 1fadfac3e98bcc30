package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.ReleaseCause;

/**
 * The customers at external numbers, as an endpoint of the switch: when a leg is offered to a number outside the dial
 * plan (an agent dialed a customer), the customer answers after a delay (docs/compatibility.md: 1 s) by reporting
 * {@code legAnswered}. A leg the switch releases before that is not answered. They carry no media.
 *
 * <p>The only state kept is the legs ringing, with their scheduled answer, dropped when it runs or the leg is released.
 */
public final class Customers implements Endpoint, AutoCloseable {
    /** How long a dialed customer lets the phone ring before answering (docs/compatibility.md). */
    public static final Duration DEFAULT_ANSWER_DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Customers.class);

    private final ContactCenter contactCenter;
    private final ScheduledExecutorService scheduler;
    private final Duration answerDelay;
    /** The legs ringing at a customer, with their scheduled answer (or none, if the scheduler is gone). */
    private final Map<String, Optional<ScheduledFuture<?>>> ringing = new ConcurrentHashMap<>();
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

    @Override
    public boolean confirmsAtOnce() {
        // Nobody asks a customer to answer or hold: only agents' phones get those requests.
        return true;
    }

    @Override
    public boolean carriesMedia() {
        return false;
    }

    /** A customer's phone rings: it answers after the delay. Runs on the switch thread, so it only schedules. */
    @Override
    public void offer(EndpointLeg leg) {
        if (closed || leg.deviceId() != null) {
            return;
        }
        ringing.put(leg.id(), Optional.empty());
        ScheduledFuture<?> answer = SimTasks.schedule(scheduler, answerDelay, "customer answers", () -> customerAnswers(leg));
        // Kept for a release to cancel, unless the answer already ran (it removed the leg).
        ringing.replace(leg.id(), Optional.empty(), Optional.ofNullable(answer));
    }

    private void customerAnswers(EndpointLeg leg) {
        if (ringing.remove(leg.id()) == null || closed) {
            return;
        }
        SimTasks.switchOf(contactCenter, leg.callId()).ifPresent(owner -> owner.legAnswered(leg.id())
                .whenComplete((outcome, failure) -> {
                    // Refused when the call stopped ringing meanwhile: nothing to do.
                    if (failure != null || !outcome.isAccepted()) {
                        LOG.debug("Customer {} did not answer call {}: {}", leg.number(), leg.callId(),
                                failure != null ? failure : outcome);
                    }
                }));
    }

    /** The call no longer rings at the customer (the agent gave up, or the call ended): no answer. */
    @Override
    public void release(EndpointLeg leg, ReleaseCause cause) {
        Optional<ScheduledFuture<?>> pending = ringing.remove(leg.id());
        if (pending != null) {
            pending.ifPresent(SimTasks::cancel);
        }
    }

    @Override
    public void answer(EndpointLeg leg) {
        // Confirmed at once by the switch; never asked of a customer.
    }

    @Override
    public void hold(EndpointLeg leg) {
        // Confirmed at once by the switch; never asked of a customer.
    }

    @Override
    public void retrieve(EndpointLeg leg) {
        // Confirmed at once by the switch; never asked of a customer.
    }

    @Override
    public void sendDtmf(EndpointLeg leg, String digits) {
        // A simulated customer has no ears.
    }

    @Override
    public void connectMedia(CallMedia media) {
        // No media.
    }

    /** Stops answering; answers already scheduled do nothing when they come due. */
    @Override
    public void close() {
        closed = true;
        ringing.values().forEach(answer -> answer.ifPresent(SimTasks::cancel));
        ringing.clear();
    }

    static Duration requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
        return duration;
    }
}
