package dev.switchboard.server.stats;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * What happened to one object, in time order: each entry an instant and a duration (a handle time, a wait; 0 for a
 * plain count). Counts and sums are taken from an instant on; entries older than what any interval reaches are pruned.
 */
final class Timeline {
    private record Entry(Instant at, long millis) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void add(Instant at, long millis) {
        entries.addLast(new Entry(at, millis));
    }

    /** Forgets the entries before {@code keepFrom}. */
    void prune(Instant keepFrom) {
        while (!entries.isEmpty() && entries.peekFirst().at.isBefore(keepFrom)) {
            entries.removeFirst();
        }
    }

    /** Entries at or after {@code from}. */
    long count(Instant from) {
        long count = 0;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext();) {
            if (it.next().at.isBefore(from)) {
                break;
            }
            count++;
        }
        return count;
    }

    /** Entries at or after {@code from} whose duration is at most {@code limitMillis}. */
    long countWithin(Instant from, long limitMillis) {
        long count = 0;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.at.isBefore(from)) {
                break;
            }
            if (entry.millis <= limitMillis) {
                count++;
            }
        }
        return count;
    }

    /** The durations of the entries at or after {@code from}, summed. */
    long sum(Instant from) {
        long sum = 0;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.at.isBefore(from)) {
                break;
            }
            sum += entry.millis;
        }
        return sum;
    }

    /** The first entry at or after {@code from}: the next to leave a sliding window that starts at {@code from}. */
    Optional<Instant> oldestFrom(Instant from) {
        for (Entry entry : entries) {
            if (!entry.at.isBefore(from)) {
                return Optional.of(entry.at);
            }
        }
        return Optional.empty();
    }
}
