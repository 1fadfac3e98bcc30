package dev.switchboard.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.switchboard.core.event.DurableStateChanged;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.SwitchEvent;

/**
 * An {@link EventSink} that records what a switch publishes. Thread-safe: the switch publishes on its thread, the
 * test reads on its own.
 *
 * <p>{@link #events()} is everything ever published; {@link #poll(Duration)}, {@link #drain()} and
 * {@link #assertNoMore()} work on the events not yet taken. {@link #setHasRoom(boolean)} makes the sink refuse new
 * commands, to test admission control.
 */
public final class RecordingEventSink implements EventSink {
    private final List<SwitchEvent> published = new CopyOnWriteArrayList<>();
    private final BlockingQueue<SwitchEvent> unread = new LinkedBlockingQueue<>();
    private final List<DurableStateChanged> durable = new CopyOnWriteArrayList<>();
    private volatile boolean hasRoom = true;

    @Override
    public void publish(SwitchEvent event) {
        if (event instanceof DurableStateChanged records) {
            // Every change that touched a device ends with one; tests of what clients hear read them apart.
            durable.add(records);
            return;
        }
        published.add(event);
        unread.add(event);
    }

    @Override
    public boolean hasRoom() {
        return hasRoom;
    }

    /** What {@link #hasRoom()} answers from now on. */
    public void setHasRoom(boolean hasRoom) {
        this.hasRoom = hasRoom;
    }

    /** Every {@link DurableStateChanged} published so far, in order (kept apart from {@link #events()}). */
    public List<DurableStateChanged> durable() {
        return List.copyOf(durable);
    }

    /** Every event published so far but {@link DurableStateChanged}, in order, whether taken or not. */
    public List<SwitchEvent> events() {
        return List.copyOf(published);
    }

    /** Takes the next event, waiting at most {@code timeout}; fails when none comes. */
    public SwitchEvent poll(Duration timeout) {
        try {
            SwitchEvent next = unread.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("No event within " + timeout);
            }
            return next;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for an event", interrupted);
        }
    }

    /** Takes every event published and not yet taken, in order, without waiting. */
    public List<SwitchEvent> drain() {
        List<SwitchEvent> taken = new ArrayList<>();
        unread.drainTo(taken);
        return taken;
    }

    /** Fails if an event was published and not taken. */
    public void assertNoMore() {
        List<SwitchEvent> left = drain();
        if (!left.isEmpty()) {
            throw new AssertionError("Expected no more events but got " + left);
        }
    }
}
