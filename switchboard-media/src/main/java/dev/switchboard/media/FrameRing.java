package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded ring of 20 ms frames (160 samples of 16-bit PCM at 8 kHz) between exactly one producer thread and one
 * consumer thread: one side is a ticker, the other an endpoint adapter. Both sides copy into and out of preallocated
 * slots, so neither allocates; neither blocks: a full ring drops the frame offered (and counts it), an empty ring
 * gives nothing.
 *
 * <p>Why drop the newest rather than the oldest: only the consumer may move the read index in a single-producer
 * single-consumer ring, and a full inbound ring means the adapter is ahead of the mixer by the ring's length; dropping
 * there bounds the delay at that length.
 */
final class FrameRing {

    static final int FRAME = G711Codec.FRAME_SAMPLES;

    private final short[][] slots;
    /** Frames taken so far; written by the consumer only. */
    private final AtomicLong read = new AtomicLong();
    /** Frames put so far; written by the producer only. */
    private final AtomicLong written = new AtomicLong();
    private volatile long dropped;

    FrameRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Ring capacity must be positive: " + capacity);
        }
        this.slots = new short[capacity][FRAME];
    }

    /** Producer: copies one frame in; false (and counted) when the ring is full. */
    boolean offer(short[] frame) {
        long w = written.get();
        if (w - read.get() >= slots.length) {
            dropped++;
            return false;
        }
        System.arraycopy(frame, 0, slots[(int) (w % slots.length)], 0, FRAME);
        written.lazySet(w + 1);
        return true;
    }

    /** Consumer: copies the oldest frame out; false when the ring is empty. */
    boolean poll(short[] into) {
        long r = read.get();
        if (r >= written.get()) {
            return false;
        }
        System.arraycopy(slots[(int) (r % slots.length)], 0, into, 0, FRAME);
        read.lazySet(r + 1);
        return true;
    }

    /** Consumer: throws the oldest frame away; false when the ring is empty. */
    boolean skip() {
        long r = read.get();
        if (r >= written.get()) {
            return false;
        }
        read.lazySet(r + 1);
        return true;
    }

    /** Frames waiting now (an estimate while the other side runs). */
    int size() {
        return (int) Math.max(0, written.get() - read.get());
    }

    /** Frames offered into a full ring. */
    long dropped() {
        return dropped;
    }

    int capacity() {
        return slots.length;
    }
}
