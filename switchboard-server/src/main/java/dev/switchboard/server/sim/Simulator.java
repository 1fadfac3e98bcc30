package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.server.http.Router;

/**
 * The simulator (docs/compatibility.md): customers at external numbers who answer agents' calls ({@link Customers}, an
 * endpoint of the switch),
 * inbound callers to routing point 7000 ({@link Traffic}), simulated agents ({@link BotAgents}) and the admin API
 * under {@code /sim/v1} ({@link SimApi}). All of it acts only through the switch's public commands.
 *
 * <p>Wiring: put {@link #events()} behind one {@code EventHandOff} of the switches' event fan-out, mount a router
 * given to {@link #register(Router)} at {@code /sim/v1/*} behind authentication, call {@link #start()} once the
 * server runs and {@link #close()} when it stops. Customers and the API work whatever the traffic; callers and bots
 * start only when {@link Settings#trafficPerMinute()} is above 0 ({@code --traffic 0} starts neither).
 */
public final class Simulator implements AutoCloseable {
    private Function<String, Map<String, Object>> legMedia = legId -> null;
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final ContactCenter contactCenter;
    private final Settings settings;
    private final Customers customers;
    private final Traffic traffic;
    private final BotAgents bots;

    /**
     * What the simulator does.
     *
     * @param customerAnswerDelay how long a customer an agent dialed lets the phone ring (default 1 s)
     * @param trafficPerMinute    mean simulated calls per minute to routing point 7000; 0 starts no callers and no bots
     * @param meanTalkTime        mean time a caller talks once an agent answered (default 30 s)
     * @param meanPatience        mean time a caller waits for an agent before hanging up (default 60 s)
     * @param botUserNames        the simulated agents' user names (default bot1, bot2, bot3)
     * @param botAnswerDelay      how long a call rings at a bot before it answers (default 2 s)
     * @param botMaxTalkTime      how long a bot talks at most before hanging up itself (default 90 s)
     */
    public record Settings(Duration customerAnswerDelay, double trafficPerMinute, Duration meanTalkTime, Duration meanPatience,
                           List<String> botUserNames, Duration botAnswerDelay, Duration botMaxTalkTime) {

        /** Checks that no duration is negative and the rate is a finite number of at least 0. */
        public Settings {
            Customers.requireNotNegative(customerAnswerDelay, "customerAnswerDelay");
            Customers.requireNotNegative(meanTalkTime, "meanTalkTime");
            Customers.requireNotNegative(meanPatience, "meanPatience");
            Customers.requireNotNegative(botAnswerDelay, "botAnswerDelay");
            Customers.requireNotNegative(botMaxTalkTime, "botMaxTalkTime");
            if (!(trafficPerMinute >= 0) || Double.isInfinite(trafficPerMinute)) {
                throw new IllegalArgumentException("trafficPerMinute must be a finite number >= 0, not " + trafficPerMinute);
            }
            botUserNames = List.copyOf(botUserNames);
        }

        /** The defaults of the demo, with {@code trafficPerMinute} calls per minute. */
        public static Settings defaults(double trafficPerMinute) {
            return new Settings(Customers.DEFAULT_ANSWER_DELAY, trafficPerMinute, Traffic.DEFAULT_MEAN_TALK_TIME,
                    Traffic.DEFAULT_MEAN_PATIENCE, BotAgents.DEMO_BOTS, BotAgents.DEFAULT_ANSWER_DELAY, BotAgents.DEFAULT_MAX_TALK_TIME);
        }

        /** These settings with another traffic rate. */
        public Settings withTrafficPerMinute(double callsPerMinute) {
            return new Settings(customerAnswerDelay, callsPerMinute, meanTalkTime, meanPatience, botUserNames, botAnswerDelay,
                    botMaxTalkTime);
        }

        /** These settings with other bots. */
        public Settings withBotUserNames(List<String> userNames) {
            return new Settings(customerAnswerDelay, trafficPerMinute, meanTalkTime, meanPatience, userNames, botAnswerDelay,
                    botMaxTalkTime);
        }
    }

    /**
     * A simulator for {@code contactCenter}; nothing runs until {@link #start()}, except that customers answer dialed
     * calls as soon as their endpoint ({@link #customers()}) carries external numbers.
     *
     * @param scheduler runs every delayed action of the simulator; it must outlive it (shutting it down stops the
     *                  simulation, which is fine at shutdown)
     * @param seed      seeds the random draws of the callers (arrivals, numbers, patience, talk times)
     */
    public Simulator(ContactCenter contactCenter, ScheduledExecutorService scheduler, long seed, Settings settings) {
        this.contactCenter = Objects.requireNonNull(contactCenter, "contactCenter");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(scheduler, "scheduler");
        this.customers = new Customers(contactCenter, scheduler, settings.customerAnswerDelay());
        this.traffic = new Traffic(contactCenter, scheduler, new SplittableRandom(seed), settings.trafficPerMinute(),
                settings.meanTalkTime(), settings.meanPatience());
        this.bots = new BotAgents(contactCenter, scheduler, settings.botUserNames(), settings.botAnswerDelay(),
                settings.botMaxTalkTime());
    }

    /** The one consumer of switch events for the whole simulator; put it behind its own {@code EventHandOff}. */
    public Consumer<SwitchEvent> events() {
        return this::dispatch;
    }

    private void dispatch(SwitchEvent event) {
        // Each part gets every event even when another fails on it.
        deliver(traffic, event);
        deliver(bots, event);
    }

    private static void deliver(Consumer<SwitchEvent> part, SwitchEvent event) {
        try {
            part.accept(event);
        } catch (RuntimeException failure) {
            LOG.warn("Simulator part {} failed on {}", part.getClass().getSimpleName(), event, failure);
        }
    }

    /** Where {@code GET /sim/v1/calls/{id}} reads a leg's media counters (the SIP phones'), set before {@link #register}. */
    public void legMedia(Function<String, Map<String, Object>> lookup) {
        this.legMedia = Objects.requireNonNull(lookup, "lookup");
    }

    /** Adds the {@code /sim/v1} routes ({@link SimApi}) to a router mounted at {@code /sim/v1/*}. */
    public void register(Router router) {
        new SimApi(contactCenter, legMedia).register(router);
    }

    /** Starts the bots and the callers when the traffic is above 0; customers answer dialed calls in any case. */
    public void start() {
        if (settings.trafficPerMinute() > 0) {
            bots.start();
            traffic.start();
        }
    }

    /** The customers at external numbers: the endpoint that carries their legs (it answers dialed calls). */
    public Customers customers() {
        return customers;
    }

    /** The callers (for diagnostics and tests). */
    public Traffic traffic() {
        return traffic;
    }

    /** The simulated agents (for diagnostics and tests). */
    public BotAgents bots() {
        return bots;
    }

    /** Stops callers, bots and customers; calls and sessions in progress are left as they are. */
    @Override
    public void close() {
        traffic.close();
        bots.close();
        customers.close();
    }
}
