package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.EventHandOff;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.model.IdSource;
import dev.switchboard.core.telephony.SessionRegistry;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.telephony.SwitchExecutor;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.time.ManualTimers;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.server.endpoint.EndpointDirectory;

/**
 * A switch on fake time with the simulator's production topology: the switch publishes to a counting sink and, through
 * an {@link EventHandOff}, to the consumer under test; the simulator schedules on a {@link ManualScheduler} sharing
 * the switch's fake clock. {@link #settle()} waits until the switch and the consumer have nothing left to do, so that
 * fake time only moves when everything caused so far has happened.
 *
 * <p>The directory is {@link TestDirectory}'s plus bot users {@code bot1..botN} (ROLE_AGENT, api-voice) on places
 * Place5101… with Extensions 5101…, members of Sales, whose wrap-up time is configurable.
 */
final class SimHarness implements AutoCloseable {
    static final Duration TIMEOUT = SwitchHarness.TIMEOUT;
    private static final Duration STEP = Duration.ofMillis(100);

    final Directory directory;
    final ManualTimers timers;
    final ManualScheduler scheduler;
    final SwitchExecutor executor;
    final Switch voiceSwitch;
    final ContactCenter contactCenter;
    /** Which endpoint carries external numbers' legs: virtual until a test sets the simulator's customers. */
    final EndpointDirectory endpoints = new EndpointDirectory(TestDirectory.ENVIRONMENT, null);
    private final EventHandOff handOff;
    private final AtomicLong published = new AtomicLong();
    private final ConcurrentLinkedQueue<SwitchEvent> events = new ConcurrentLinkedQueue<>();
    private volatile Consumer<SwitchEvent> consumer = event -> { };

    /** A harness with {@code bots} bot users and a Sales wrap-up of {@code wrapUpSeconds}. */
    SimHarness(int bots, int wrapUpSeconds) {
        this.directory = directory(bots, wrapUpSeconds);
        this.timers = new ManualTimers(SwitchHarness.START);
        this.scheduler = new ManualScheduler(timers);
        this.executor = new SwitchExecutor(TestDirectory.ENVIRONMENT);
        this.timers.runOn(executor);
        // The consumer is set after the contact center exists, as in the server: the hand-off relays to whatever is set.
        this.handOff = new EventHandOff("simulator-test", 4 * EventHandOff.HEADROOM, timers.clock(), event -> consumer.accept(event));
        EventSink sink = new EventSink() {
            @Override
            public void publish(SwitchEvent event) {
                events.add(event);
                published.incrementAndGet();
                handOff.publish(event);
            }

            @Override
            public boolean hasRoom() {
                return handOff.hasRoom();
            }
        };
        this.voiceSwitch = new Switch(directory.environmentByName(TestDirectory.ENVIRONMENT).orElseThrow(), directory, executor,
                timers.clock(), timers, sink, new SessionRegistry(), endpoints, IdSource.sequential());
        this.contactCenter = new ContactCenter(directory, List.of(voiceSwitch));
    }

    SimHarness() {
        this(0, 0);
    }

    static Directory directory(int bots, int wrapUpSeconds) {
        Directory base = TestDirectory.build();
        List<User> users = new ArrayList<>(base.users());
        List<Place> places = new ArrayList<>(base.places());
        List<Dn> dns = new ArrayList<>(base.dns());
        Set<String> members = new HashSet<>();
        for (int n = 1; n <= bots; n++) {
            String number = String.valueOf(5100 + n);
            users.add(TestDirectory.user("bot" + n, Set.of(Role.AGENT), Set.of(Feature.VOICE), "Place" + number));
            places.add(TestDirectory.place("Place" + number, TestDirectory.ENVIRONMENT, number));
            dns.add(TestDirectory.dn(number, DnType.EXTENSION, TestDirectory.ENVIRONMENT, "Place" + number));
            members.add(TestDirectory.userId("bot" + n));
        }
        List<AgentGroup> groups = new ArrayList<>();
        for (AgentGroup group : base.groups()) {
            if (group.name().equals(TestDirectory.SALES)) {
                members.addAll(group.members());
                groups.add(new AgentGroup(group.name(), members, group.supervisors(), wrapUpSeconds));
            } else {
                groups.add(group);
            }
        }
        return new Directory(base.environments(), users, places, dns, groups);
    }

    /** Sends every event from now on to {@code consumer}, through the hand-off. */
    void consumeWith(Consumer<SwitchEvent> next) {
        this.consumer = next;
    }

    /**
     * Waits until the switch ran everything submitted and the consumer took every event published, and that stayed so
     * for a few rounds (a consumer's command or a callback may submit more work).
     */
    void settle() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int quiet = 0;
        while (quiet < 3) {
            long before = published.get();
            await(executor.submit(() -> null));
            while (handOff.delivered() < published.get()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The event consumer did not catch up within " + TIMEOUT);
                }
                Thread.onSpinWait();
            }
            quiet = published.get() == before ? quiet + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The switch did not settle within " + TIMEOUT);
            }
        }
    }

    /** Moves fake time forward in steps of 100 ms, settling after each, so that reactions happen close to on time. */
    void advance(Duration total) {
        advance(total, STEP);
    }

    /** Moves fake time forward in steps of at most {@code step}, settling after each. */
    void advance(Duration total, Duration step) {
        settle();
        Duration left = total;
        while (!left.isZero() && !left.isNegative()) {
            Duration next = left.compareTo(step) < 0 ? left : step;
            timers.advance(next);
            settle();
            left = left.minus(next);
        }
    }

    <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the switch", interrupted);
        } catch (ExecutionException failed) {
            throw new AssertionError("The command failed", failed.getCause());
        } catch (TimeoutException slow) {
            throw new AssertionError("The switch did not answer within " + TIMEOUT, slow);
        }
    }

    /** Runs a command and fails unless the switch accepted it; answers what it created (a call id), if anything. */
    String accepted(CompletableFuture<Outcome> command) {
        Outcome outcome = await(command);
        if (!(outcome instanceof Outcome.Accepted accepted)) {
            throw new AssertionError("Refused: " + outcome);
        }
        settle();
        return accepted.id();
    }

    User user(String userName) {
        return directory.userByName(userName).orElseThrow();
    }

    /** Logs {@code userName} in on their default place and makes them Ready. */
    void logInReady(String userName) {
        User user = user(userName);
        accepted(contactCenter.startSession(user, directory.placeByName(user.defaultPlace()).orElseThrow()));
        accepted(contactCenter.changeAgentState(user, AgentStateRequest.of(AgentState.READY)));
    }

    DeviceView device(String number) {
        String id = directory.dnByNumber(TestDirectory.ENVIRONMENT, number).orElseThrow().id();
        return voiceSwitch.device(id).orElseThrow();
    }

    List<CallView> callsOf(String userName) {
        return voiceSwitch.callsOf(user(userName));
    }

    CallSnapshot call(String callId) {
        return voiceSwitch.call(callId).orElseThrow(() -> new AssertionError("No call " + callId));
    }

    List<CallSnapshot> liveCalls() {
        return await(voiceSwitch.liveCalls());
    }

    /** Every call snapshot published so far, in order. */
    List<CallSnapshot> callChanges() {
        List<CallSnapshot> result = new ArrayList<>();
        for (SwitchEvent event : events) {
            if (event instanceof CallChanged changed) {
                result.add(changed.call());
            }
        }
        return result;
    }

    /** The agent states device {@code number} went through, from its events, in order. */
    List<AgentState> agentStates(String number) {
        List<AgentState> result = new ArrayList<>();
        for (SwitchEvent event : events) {
            if (event instanceof DeviceStateChanged changed && changed.device().number().equals(number)) {
                result.add(changed.device().agentState());
            }
        }
        return result;
    }

    @Override
    public void close() {
        executor.close();
        handOff.close();
    }
}
