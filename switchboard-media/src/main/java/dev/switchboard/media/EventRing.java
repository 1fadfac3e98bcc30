package dev.switchboard.media;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off of listener events from the ticker (single producer) to the I/O thread (single consumer),
 * in preallocated arrays: posting allocates nothing and never waits; when full, the event is dropped and counted.
 */
final class EventRing {

    static final int DIGIT = 1;
    static final int INACTIVE = 2;

    private final int capacity;
    private final int[] kinds;
    private final MediaLeg[] legs;
    private final char[] digits;
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    EventRing(int capacity) {
        this.capacity = capacity;
        this.kinds = new int[capacity];
        this.legs = new MediaLeg[capacity];
        this.digits = new char[capacity];
    }

    boolean postDigit(MediaLeg leg, char digit) {
        return post(DIGIT, leg, digit);
    }

    boolean postInactive(MediaLeg leg) {
        return post(INACTIVE, leg, (char) 0);
    }

    private boolean post(int kind, MediaLeg leg, char digit) {
        long index = posted.get();
        if (index - taken.get() >= capacity) {
            dropped.incrementAndGet();
            return false;
        }
        int at = (int) (index % capacity);
        kinds[at] = kind;
        legs[at] = leg;
        digits[at] = digit;
        posted.lazySet(index + 1);
        return true;
    }

    /** Consumer: hands every waiting event to {@code listener}, in order. */
    void drainTo(MediaListener listener) {
        long index = taken.get();
        long end = posted.get();
        while (index < end) {
            int at = (int) (index % capacity);
            MediaLeg leg = legs[at];
            int kind = kinds[at];
            char digit = digits[at];
            legs[at] = null;
            index++;
            taken.lazySet(index);
            if (kind == DIGIT) {
                listener.digitReceived(leg, digit);
            } else {
                listener.legInactive(leg);
            }
        }
    }

    long dropped() {
        return dropped.get();
    }
}
