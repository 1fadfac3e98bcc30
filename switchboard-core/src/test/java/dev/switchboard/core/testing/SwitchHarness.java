package dev.switchboard.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.model.IdSource;
import dev.switchboard.core.telephony.SessionRegistry;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.telephony.SwitchExecutor;
import dev.switchboard.core.time.ManualTimers;
import dev.switchboard.core.view.DeviceView;

/**
 * One switch for the {@link TestDirectory#ENVIRONMENT} environment and a {@link ContactCenter} around it, running on a
 * real {@link SwitchExecutor} with fake time ({@link ManualTimers}, whose timers run on the switch thread) and a
 * {@link RecordingEventSink}. Close it to stop the switch thread.
 */
public final class SwitchHarness implements AutoCloseable {
    /** Where fake time starts. */
    public static final Instant START = Instant.parse("2025-01-06T09:00:00Z");
    /** The longest any helper waits for the switch. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Directory directory;
    private final ManualTimers timers;
    private final SwitchExecutor executor;
    private final RecordingEventSink events;
    private final Switch voiceSwitch;
    private final ContactCenter contactCenter;

    /** A harness on {@link TestDirectory#build()}. */
    public SwitchHarness() {
        this(TestDirectory.build());
    }

    /**
     * A harness on {@code directory}'s {@link TestDirectory#ENVIRONMENT} environment.
     *
     * @param alsoTo sinks that get every event too (after the recording sink); their {@code hasRoom} counts as well
     */
    public SwitchHarness(Directory directory, EventSink... alsoTo) {
        this(directory, Endpoints.VIRTUAL, alsoTo);
    }

    /**
     * A harness whose switch's legs are carried by {@code endpoints}, with sequential ids.
     *
     * @param alsoTo sinks that get every event too (after the recording sink); their {@code hasRoom} counts as well
     */
    public SwitchHarness(Directory directory, Endpoints endpoints, EventSink... alsoTo) {
        this.directory = directory;
        VoiceEnvironment environment = directory.environmentByName(TestDirectory.ENVIRONMENT).orElseThrow(
                () -> new IllegalArgumentException("The directory has no environment " + TestDirectory.ENVIRONMENT));
        this.timers = new ManualTimers(START);
        this.executor = new SwitchExecutor(environment.name());
        this.timers.runOn(executor);
        this.events = new RecordingEventSink();
        List<EventSink> sinks = new ArrayList<>();
        sinks.add(events);
        sinks.addAll(List.of(alsoTo));
        EventSink sink = sinks.size() == 1 ? events : EventSink.fanOut(sinks);
        this.voiceSwitch = new Switch(environment, directory, executor, timers.clock(), timers, sink, new SessionRegistry(), endpoints,
                IdSource.sequential());
        this.contactCenter = new ContactCenter(directory, List.of(voiceSwitch));
    }

    public Directory directory() {
        return directory;
    }

    public ManualTimers timers() {
        return timers;
    }

    public SwitchExecutor executor() {
        return executor;
    }

    public RecordingEventSink events() {
        return events;
    }

    public Switch voiceSwitch() {
        return voiceSwitch;
    }

    public ContactCenter contactCenter() {
        return contactCenter;
    }

    public User user(String userName) {
        return directory.userByName(userName).orElseThrow(() -> new IllegalArgumentException("No user " + userName));
    }

    public Place place(String placeName) {
        return directory.placeByName(placeName).orElseThrow(() -> new IllegalArgumentException("No place " + placeName));
    }

    /** The id of DN {@code number} in the harness's environment. */
    public String deviceId(String number) {
        return directory.dnByNumber(TestDirectory.ENVIRONMENT, number)
                .orElseThrow(() -> new IllegalArgumentException("No DN " + number))
                .id();
    }

    /** The device with DN {@code number} as the switch last published it. */
    public DeviceView device(String number) {
        return voiceSwitch.device(deviceId(number)).orElseThrow(() -> new IllegalArgumentException("No device " + number));
    }

    /** Waits at most {@link #TIMEOUT} for {@code future} and returns its value; fails if it fails or takes longer. */
    public <T> T await(CompletableFuture<T> future) {
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

    /**
     * Starts {@code userName}'s session on {@code placeName} through the switch, fails unless it is accepted, and
     * discards the events it caused: a set-up step for tests about what comes next.
     */
    public void logIn(String userName, String placeName) {
        Outcome outcome = await(voiceSwitch.startSession(user(userName), place(placeName)));
        if (!outcome.isAccepted()) {
            throw new AssertionError("Could not log " + userName + " in on " + placeName + ": " + outcome);
        }
        events.drain();
    }

    /** The events not yet taken from the sink, as {@link EventRows} (without the simulator's {@code CallChanged}). */
    public List<String> drainEventRows() {
        return EventRows.rows(directory, events.drain());
    }

    /** The events not yet taken from the sink, as rows. */
    public List<DeviceStateRow> drainRows() {
        return events.drain().stream().map(DeviceStateRow::of).toList();
    }

    /**
     * Holds the switch thread until the returned handle is run (or {@link #TIMEOUT} passes), so that the commands
     * submitted meanwhile queue up behind and then run in submission order.
     */
    public Runnable pauseSwitch() {
        CountDownLatch resume = new CountDownLatch(1);
        executor.execute(() -> {
            try {
                resume.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        return resume::countDown;
    }

    @Override
    public void close() {
        executor.close();
    }
}
