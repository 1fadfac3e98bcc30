package dev.switchboard.server.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.switchboard.core.event.SwitchEvent;

/**
 * The statistics subscribers asked for, kept current: every event goes through the {@link FloorStatistics}, and each
 * subscribed statistic of an object it touched is computed again; a value that differs from the last one its
 * subscriber was told goes to the {@link Listener} at once, in the thread that applied the event. A counted value that
 * changes by time alone (a sliding window, midnight) is computed again when it changes, by a one-shot {@link Alarm} at
 * that instant: nothing polls. Thread-safe (one lock: events, requests and alarms are serialized).
 */
public final class StatisticsService {
    /** The most subscriptions one user may hold. */
    public static final int MAX_SUBSCRIPTIONS = 100;

    /** Told of changed values. */
    @FunctionalInterface
    public interface Listener {
        /** Values of {@code subscription} changed; called with the service's lock held, so it must not block. */
        void updated(Subscription subscription, List<Current> values);
    }

    /** Runs a task at an instant, once. */
    @FunctionalInterface
    public interface Alarm {
        void at(Instant when, Runnable task);
    }

    /** One statistic of a subscription: its id there, its object, its name and (for a counted one) its interval. */
    public record Statistic(String statisticId, StatObject object, StatName name, Interval interval) {
    }

    /** A statistic's value and when it was computed. */
    public record Current(Statistic statistic, StatValue value, Instant at) {
    }

    /** A subscription: its id (the client's {@code operationId}), its owner and its statistics in request order. */
    public record Subscription(String id, String ownerUserId, List<Statistic> statistics) {
        public Subscription {
            statistics = List.copyOf(statistics);
        }
    }

    /** A subscription's id is taken already (by its owner). */
    public static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Entry {
        final Subscription subscription;
        final Statistic statistic;
        StatValue last;
        Instant armedAt;
        boolean removed;

        Entry(Subscription subscription, Statistic statistic) {
            this.subscription = subscription;
            this.statistic = statistic;
        }
    }

    private final FloorStatistics floor;
    private final Clock clock;
    private final Alarm alarm;
    private final Listener listener;
    /** By owner user id, by subscription id: each statistic's entry, in request order. */
    private final Map<String, Map<String, Map<String, Entry>>> subscriptions = new HashMap<>();
    private final Map<StatObject, Set<Entry>> byObject = new HashMap<>();

    public StatisticsService(FloorStatistics floor, Clock clock, Alarm alarm, Listener listener) {
        this.floor = floor;
        this.clock = clock;
        this.alarm = alarm;
        this.listener = listener;
    }

    /** The consumer of one switch's events (events do not name their switch). */
    public Consumer<SwitchEvent> consumerFor(String environment) {
        return event -> accept(environment, event);
    }

    /** Takes an event into account and tells subscribers what changed. */
    public synchronized void accept(String environment, SwitchEvent event) {
        Set<StatObject> touched = floor.apply(environment, event);
        if (touched.isEmpty()) {
            return;
        }
        Instant now = event.at();
        Map<Subscription, List<Current>> changed = new LinkedHashMap<>();
        for (StatObject object : touched) {
            for (Entry entry : byObject.getOrDefault(object, Set.of())) {
                Current current = refresh(entry, now);
                if (current != null) {
                    changed.computeIfAbsent(entry.subscription, s -> new ArrayList<>()).add(current);
                }
            }
        }
        changed.forEach(listener::updated);
    }

    /**
     * Opens a subscription and returns its statistics' values now.
     *
     * @throws Conflict when the owner has a subscription with this id, or {@link #MAX_SUBSCRIPTIONS} already
     */
    public synchronized List<Current> subscribe(Subscription subscription) {
        Map<String, Map<String, Entry>> owned = subscriptions.computeIfAbsent(subscription.ownerUserId(), id -> new LinkedHashMap<>());
        if (owned.containsKey(subscription.id())) {
            throw new Conflict("Subscription " + subscription.id() + " exists already");
        }
        if (owned.size() >= MAX_SUBSCRIPTIONS) {
            throw new Conflict("At most " + MAX_SUBSCRIPTIONS + " subscriptions per user; delete one first");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<Current> values = new ArrayList<>();
        for (Statistic statistic : subscription.statistics()) {
            Entry entry = new Entry(subscription, statistic);
            entries.put(statistic.statisticId(), entry);
            byObject.computeIfAbsent(statistic.object(), o -> new LinkedHashSet<>()).add(entry);
            entry.last = floor.value(statistic.object(), statistic.name(), statistic.interval(), now);
            values.add(new Current(statistic, entry.last, now));
            arm(entry, now);
        }
        owned.put(subscription.id(), entries);
        return values;
    }

    /** Closes a subscription; false when the owner has none with this id. */
    public synchronized boolean unsubscribe(String ownerUserId, String id) {
        Map<String, Map<String, Entry>> owned = subscriptions.get(ownerUserId);
        Map<String, Entry> entries = owned == null ? null : owned.remove(id);
        if (entries == null) {
            return false;
        }
        for (Entry entry : entries.values()) {
            entry.removed = true;
            Set<Entry> set = byObject.get(entry.statistic.object());
            if (set != null) {
                set.remove(entry);
                if (set.isEmpty()) {
                    byObject.remove(entry.statistic.object());
                }
            }
        }
        if (owned.isEmpty()) {
            subscriptions.remove(ownerUserId);
        }
        return true;
    }

    /**
     * The current values of a subscription's statistics (those of {@code statisticIds}, or all when it is empty), or
     * empty when the owner has no such subscription. Unknown statistic ids are left out.
     */
    public synchronized Optional<List<Current>> peek(String ownerUserId, String id, Collection<String> statisticIds) {
        Map<String, Map<String, Entry>> owned = subscriptions.get(ownerUserId);
        Map<String, Entry> entries = owned == null ? null : owned.get(id);
        if (entries == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<Current> values = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (statisticIds.isEmpty() || statisticIds.contains(entry.statistic.statisticId())) {
                Statistic statistic = entry.statistic;
                values.add(new Current(statistic, floor.value(statistic.object(), statistic.name(), statistic.interval(), now), now));
            }
        }
        return Optional.of(values);
    }

    /** A statistic's value now, without a subscription. */
    public synchronized Current value(Statistic statistic) {
        Instant now = clock.instant();
        return new Current(statistic, floor.value(statistic.object(), statistic.name(), statistic.interval(), now), now);
    }

    /** Whether the directory has this object. */
    public boolean exists(StatObject object) {
        return floor.exists(object);
    }

    /** The entry's value now, if it differs from the last one told (which it becomes); else {@code null}. */
    private Current refresh(Entry entry, Instant now) {
        Statistic statistic = entry.statistic;
        StatValue value = floor.value(statistic.object(), statistic.name(), statistic.interval(), now);
        arm(entry, now);
        if (value.equals(entry.last)) {
            return null;
        }
        entry.last = value;
        return new Current(statistic, value, now);
    }

    /** Sets the entry's alarm for when its value changes by time alone, unless it is set for that instant already. */
    private void arm(Entry entry, Instant now) {
        Statistic statistic = entry.statistic;
        Instant when = floor.changesAt(statistic.object(), statistic.name(), statistic.interval(), now).orElse(null);
        if (when == null || when.equals(entry.armedAt)) {
            return;
        }
        entry.armedAt = when;
        alarm.at(when, () -> ring(entry, when));
    }

    private synchronized void ring(Entry entry, Instant when) {
        if (entry.removed || !when.equals(entry.armedAt)) {
            return;
        }
        entry.armedAt = null;
        Instant now = clock.instant();
        Current current = refresh(entry, now.isBefore(when) ? when : now);
        if (current != null) {
            listener.updated(entry.subscription, List.of(current));
        }
    }
}
