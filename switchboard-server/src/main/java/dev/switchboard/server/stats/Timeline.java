package dev.switchboard.server.stats;

import java.time.Instant;
import java.util.Optional;

/**
 * What happened to one object, in time order: each entry an instant and a duration (a handle time, a wait; 0 for a
 * plain count). Counts and sums are taken from an instant on; entries older than what any interval reaches are pruned.
 *
 * <p>The entries live as long as the longest interval (minutes) and there is one per call, wait and wrap-up: kept as
 * objects, each would be copied by the garbage collector's young collections several times before it could be freed.
 * So they are two rings of primitives, the instant as nanoseconds since the epoch, which add and prune do not allocate
 * beyond growing the rings.
 */
final class Timeline {
    private static final int INITIAL_CAPACITY = 16;

    private long[] atNanos = new long[INITIAL_CAPACITY];
    private long[] millis = new long[INITIAL_CAPACITY];
    /** The index of the oldest entry. */
    private int head;
    private int size;

    void add(Instant at, long durationMillis) {
        if (size == atNanos.length) {
            grow();
        }
        long nanos = nanos(at);
        if (size > 0) {
            // In time order, which the searches rely on, even if the wall clock stepped back a little between events.
            nanos = Math.max(nanos, atNanos[index(size - 1)]);
        }
        int tail = index(size);
        atNanos[tail] = nanos;
        millis[tail] = durationMillis;
        size++;
    }

    /** Forgets the entries before {@code keepFrom}. */
    void prune(Instant keepFrom) {
        long from = nanos(keepFrom);
        while (size > 0 && atNanos[head] < from) {
            head = index(1);
            size--;
        }
    }

    /** Entries at or after {@code from}. */
    long count(Instant from) {
        return size - firstFrom(nanos(from));
    }

    /** Entries at or after {@code from} whose duration is at most {@code limitMillis}. */
    long countWithin(Instant from, long limitMillis) {
        long count = 0;
        for (int i = firstFrom(nanos(from)); i < size; i++) {
            if (millis[index(i)] <= limitMillis) {
                count++;
            }
        }
        return count;
    }

    /** The durations of the entries at or after {@code from}, summed. */
    long sum(Instant from) {
        long sum = 0;
        for (int i = firstFrom(nanos(from)); i < size; i++) {
            sum += millis[index(i)];
        }
        return sum;
    }

    /** The first entry at or after {@code from}: the next to leave a sliding window that starts at {@code from}. */
    Optional<Instant> oldestFrom(Instant from) {
        int first = firstFrom(nanos(from));
        return first == size ? Optional.empty() : Optional.of(Instant.ofEpochSecond(0, atNanos[index(first)]));
    }

    /** The position (0 = oldest) of the first entry at or after {@code fromNanos}, or {@code size}: entries are in order. */
    private int firstFrom(long fromNanos) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (atNanos[index(middle)] < fromNanos) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int index(int position) {
        return (head + position) & (atNanos.length - 1);
    }

    private void grow() {
        long[] grownAt = new long[atNanos.length * 2];
        long[] grownMillis = new long[millis.length * 2];
        for (int i = 0; i < size; i++) {
            grownAt[i] = atNanos[index(i)];
            grownMillis[i] = millis[index(i)];
        }
        atNanos = grownAt;
        millis = grownMillis;
        head = 0;
    }

    private static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }
}
