package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.PartyState;

/**
 * Simulated agents (the demo's {@code bot1..bot3}): each logs in on its default place, goes Ready, answers a call
 * that rings at it after a short delay, talks until the customer hangs up (or hangs up itself after a maximum talk
 * time), and is Ready again after the call, once any wrap-up the switch applies is over.
 *
 * <p>Bots act only through {@link ContactCenter} and {@link Switch} commands, as a GWS client would, and are driven
 * by the events they consume ({@link CallStateChanged} and {@link DeviceStateChanged} of their users) plus the
 * scheduler. A bot that finds itself NotReady or in AuxWork with no call (after logging in, after ring-no-answer, or
 * because someone changed its state) goes Ready again after its answer delay; after-call work is left to the
 * switch's wrap-up timer.
 */
public final class BotAgents implements Consumer<SwitchEvent>, AutoCloseable {
    /** The demo's bot users (docs/compatibility.md). */
    public static final List<String> DEMO_BOTS = List.of("bot1", "bot2", "bot3");
    /** Default delay between a call ringing at a bot and the bot answering it. */
    public static final Duration DEFAULT_ANSWER_DELAY = Duration.ofSeconds(2);
    /** Default longest conversation before the bot hangs up itself. */
    public static final Duration DEFAULT_MAX_TALK_TIME = Duration.ofSeconds(90);

    private static final Logger LOG = LoggerFactory.getLogger(BotAgents.class);

    private final ContactCenter contactCenter;
    private final ScheduledExecutorService scheduler;
    private final Duration answerDelay;
    private final Duration maxTalkTime;
    /** By user id; fixed at construction. */
    private final Map<String, Bot> bots = new LinkedHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Bots for the users named, acting through {@code contactCenter}.
     *
     * @param userNames   the bots' user names; names the directory lacks, or whose user has no default place, are
     *                    skipped with a warning
     * @param answerDelay how long a call rings at a bot before it answers; also how long a bot waits before going
     *                    Ready again
     * @param maxTalkTime how long a bot talks at most before it hangs up
     */
    public BotAgents(ContactCenter contactCenter, ScheduledExecutorService scheduler, List<String> userNames, Duration answerDelay,
                     Duration maxTalkTime) {
        this.contactCenter = Objects.requireNonNull(contactCenter, "contactCenter");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.answerDelay = Customers.requireNotNegative(answerDelay, "answerDelay");
        this.maxTalkTime = Customers.requireNotNegative(maxTalkTime, "maxTalkTime");
        for (String name : userNames) {
            Optional<User> user = contactCenter.directory().userByName(name);
            if (user.isEmpty()) {
                LOG.warn("Bot user '{}' is not in the directory; skipped", name);
                continue;
            }
            Optional<Place> place = Optional.ofNullable(user.get().defaultPlace()).flatMap(contactCenter.directory()::placeByName);
            if (place.isEmpty()) {
                LOG.warn("Bot user '{}' has no default place; skipped", name);
                continue;
            }
            bots.put(user.get().id(), new Bot(user.get(), place.get()));
        }
    }

    /** The bots' users, in the order given (without the skipped ones). */
    public List<User> users() {
        return bots.values().stream().map(bot -> bot.user).toList();
    }

    /** Logs every bot in on its default place and makes it Ready. Does nothing when already started or closed. */
    public void start() {
        synchronized (this) {
            if (started || closed) {
                return;
            }
            started = true;
        }
        for (Bot bot : bots.values()) {
            contactCenter.startSession(bot.user, bot.place).whenComplete((outcome, failure) -> {
                if (failure != null || !outcome.isAccepted()) {
                    LOG.warn("Bot {} could not log in on {}: {}", bot.user.userName(), bot.place.name(),
                            failure != null ? failure : outcome);
                    return;
                }
                readyIfIdle(bot);
            });
        }
    }

    /** Reacts to the bots' own call and device changes; ignores everything else. */
    @Override
    public void accept(SwitchEvent event) {
        if (!started || closed) {
            return;
        }
        if (event instanceof CallStateChanged changed) {
            Bot bot = bots.get(changed.userId());
            if (bot != null) {
                callChanged(bot, changed.call());
            }
        } else if (event instanceof DeviceStateChanged changed) {
            Bot bot = bots.get(changed.userId());
            AgentState state = changed.device().agentState();
            boolean idleState = state == AgentState.NOT_READY || state == AgentState.AUX_WORK;
            if (bot != null && idleState && (changed.change() == DeviceChange.LOGIN || changed.change() == DeviceChange.AGENT_STATE)) {
                scheduleReadyCheck(bot);
            }
        }
    }

    private synchronized void callChanged(Bot bot, CallView call) {
        String callId = call.id();
        switch (call.state()) {
            case RINGING -> scheduleAnswer(bot, callId);
            case ESTABLISHED -> {
                SimTasks.cancel(bot.answers.remove(callId));
                if (!bot.hangups.containsKey(callId)) {
                    bot.hangups.put(callId, SimTasks.schedule(scheduler, maxTalkTime, "bot hangs up",
                            () -> operate(bot, callId, CallOperation.HANGUP)));
                }
            }
            case RELEASED -> {
                SimTasks.cancel(bot.answers.remove(callId));
                SimTasks.cancel(bot.hangups.remove(callId));
                // A call that rang while this one was active could not be answered then; try again now.
                for (CallView other : callsOf(bot)) {
                    if (other.state() == PartyState.RINGING) {
                        scheduleAnswer(bot, other.id());
                    }
                }
                scheduleReadyCheck(bot);
            }
            default -> {
                // Dialing and Held: bots neither dial nor hold, and leave alone what a person did on their device.
            }
        }
    }

    private void scheduleAnswer(Bot bot, String callId) {
        if (!bot.answers.containsKey(callId)) {
            bot.answers.put(callId, SimTasks.schedule(scheduler, answerDelay, "bot answers", () -> {
                synchronized (this) {
                    bot.answers.remove(callId);
                }
                operate(bot, callId, CallOperation.ANSWER);
            }));
        }
    }

    private void operate(Bot bot, String callId, CallOperation operation) {
        if (closed) {
            return;
        }
        SimTasks.switchOf(contactCenter, callId).ifPresent(owner -> owner.callOperation(bot.user, callId, CallRequest.of(operation))
                .whenComplete((outcome, failure) -> {
                    // Refused when the call went away meanwhile (the customer hung up): nothing to do.
                    if (failure != null || !outcome.isAccepted()) {
                        LOG.debug("Bot {} could not {} call {}: {}", bot.user.userName(), operation.wireName(), callId,
                                failure != null ? failure : outcome);
                    }
                }));
    }

    private synchronized void scheduleReadyCheck(Bot bot) {
        if (bot.readyCheck == null) {
            bot.readyCheck = SimTasks.schedule(scheduler, answerDelay, "bot gets ready", () -> {
                synchronized (this) {
                    bot.readyCheck = null;
                }
                readyIfIdle(bot);
            });
        }
    }

    /** Ready, when the bot is logged in, NotReady or in AuxWork, and has no call. After-call work is the switch's. */
    private void readyIfIdle(Bot bot) {
        if (closed) {
            return;
        }
        Optional<DeviceView> device = contactCenter.devicesOf(bot.user).stream()
                .filter(d -> bot.user.id().equals(d.userId()) && d.agentState().isLoggedIn()).findFirst();
        if (device.isEmpty() || !callsOf(bot).isEmpty()) {
            return;
        }
        AgentState state = device.get().agentState();
        if (state == AgentState.NOT_READY || state == AgentState.AUX_WORK) {
            contactCenter.changeAgentState(bot.user, AgentStateRequest.of(AgentState.READY)).whenComplete((outcome, failure) -> {
                if (failure != null || !outcome.isAccepted()) {
                    LOG.debug("Bot {} could not go Ready: {}", bot.user.userName(), failure != null ? failure : outcome);
                }
            });
        }
    }

    private List<CallView> callsOf(Bot bot) {
        List<CallView> calls = new ArrayList<>();
        for (Switch each : contactCenter.switches()) {
            calls.addAll(each.callsOf(bot.user));
        }
        return calls;
    }

    /**
     * Stops the bots: cancels their timers and ignores later events. Their sessions stay as they are: closing is for
     * shutdown, when the switch stops too.
     */
    @Override
    public synchronized void close() {
        closed = true;
        for (Bot bot : bots.values()) {
            bot.answers.values().forEach(SimTasks::cancel);
            bot.hangups.values().forEach(SimTasks::cancel);
            bot.answers.clear();
            bot.hangups.clear();
            SimTasks.cancel(bot.readyCheck);
            bot.readyCheck = null;
        }
    }

    /** One bot: its user and place, and its pending actions by call id. Mutable parts guarded by the enclosing object. */
    private static final class Bot {
        final User user;
        final Place place;
        final Map<String, ScheduledFuture<?>> answers = new HashMap<>();
        final Map<String, ScheduledFuture<?>> hangups = new HashMap<>();
        ScheduledFuture<?> readyCheck;

        Bot(User user, Place place) {
            this.user = user;
            this.place = place;
        }
    }
}
