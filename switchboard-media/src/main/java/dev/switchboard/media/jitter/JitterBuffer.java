package dev.switchboard.media.jitter;

import dev.switchboard.media.codec.G711Codec;

import java.util.Arrays;

/**
 * A small fixed-capacity jitter buffer for one leg's incoming 20 ms G.711 frames, ordered by RTP sequence number.
 *
 * <p>Each tick {@link #playOut} yields one 160-sample frame: the next frame in sequence if it is here; silence
 * (zeros, never noise) if the buffer is empty (an underrun: the stream is waited for, so latency grows by a frame,
 * up to the capacity); silence and a lost frame if the next one is missing while the buffer already holds a frame
 * {@code capacity - 1} ahead (the gap is then judged lost, not late). A packet behind what was already played is
 * late and dropped; one already held is a duplicate; one more than the capacity ahead moves the window forward,
 * dropping the oldest frames (overflow) and counting the missing ones lost, which bounds the added latency to
 * {@code capacity} frames. A jump of more than 100 frames either way (a restarted phone) restarts the sequence
 * instead of counting losses.
 *
 * <p>Payloads are copied into preallocated slots and decoded at play-out; nothing allocates after construction.
 * Owned by the ticker thread; the counters may be read from any thread (they are volatile, single writer).
 */
public final class JitterBuffer {

    /** The default depth: 3 frames, 60 ms. */
    public static final int DEFAULT_CAPACITY = 3;
    /** The largest depth accepted: 10 frames, 200 ms. */
    public static final int MAX_CAPACITY = 10;

    private static final int FRAME = G711Codec.FRAME_SAMPLES;
    /** A packet this far ahead or behind (2 s) belongs to a restarted stream, not to a gap or a late arrival. */
    private static final int RESTART_DISTANCE = 100;

    private final int capacity;
    /** Slots are indexed by {@code seq & slotMask}: a power of two, so the mapping survives the 16-bit wrap. */
    private final int slotMask;
    private final byte[][] payloads;
    private final int[] payloadLengths;
    private final int[] sequenceNumbers;
    private final boolean[] filled;
    private int held;
    private boolean started;
    /** The sequence number of the next frame to play. */
    private int nextSequenceNumber;

    private volatile long received;
    private volatile long played;
    private volatile long late;
    private volatile long lost;
    private volatile long duplicates;
    private volatile long overflows;
    private volatile long underruns;

    public JitterBuffer(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("Jitter buffer capacity must be 1.." + MAX_CAPACITY + " frames: " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(capacity * 2 - 1);
        this.slotMask = slots - 1;
        this.payloads = new byte[slots][FRAME];
        this.payloadLengths = new int[slots];
        this.sequenceNumbers = new int[slots];
        this.filled = new boolean[slots];
    }

    public int capacity() {
        return capacity;
    }

    /** Frames currently held. */
    public int size() {
        return held;
    }

    /**
     * Offers one packet's payload. A payload longer than a frame is cut to 160 bytes; a shorter one (or
     * {@code length == 0}, for a packet that only keeps the sequence, e.g. a telephone event) is padded with silence.
     */
    public void insert(int sequenceNumber, byte[] payload, int offset, int length) {
        received++;
        int seq = sequenceNumber & 0xFFFF;
        if (!started) {
            started = true;
            nextSequenceNumber = seq;
        }
        int ahead = distance(nextSequenceNumber, seq);
        if (ahead > RESTART_DISTANCE || ahead < -RESTART_DISTANCE) {
            // Not a gap but a new stream (a restarted phone, a new SSRC): start again from here.
            dropHeld();
            nextSequenceNumber = seq;
            ahead = 0;
        }
        if (ahead < 0) {
            late++;
            return;
        }
        if (ahead >= capacity) {
            advanceWindowTo((seq - capacity + 1) & 0xFFFF);
        }
        int slot = seq & slotMask;
        if (filled[slot]) {
            if (sequenceNumbers[slot] == seq) {
                duplicates++;
                return;
            }
            // An older frame still sits here only if the window moved past it; advanceWindowTo cleared those.
            held--;
        }
        int copied = Math.min(length, FRAME);
        System.arraycopy(payload, offset, payloads[slot], 0, copied);
        payloadLengths[slot] = copied;
        sequenceNumbers[slot] = seq;
        filled[slot] = true;
        held++;
    }

    /** Plays out one frame into {@code out[0..160)}, decoding with {@code codec}. */
    public void playOut(G711Codec codec, short[] out) {
        playOrSkip(codec, out);
    }

    /**
     * Moves on by one frame exactly as {@link #playOut} would (same sequence, same counters) without decoding it:
     * for a leg nobody hears.
     */
    public void skipOut() {
        playOrSkip(null, null);
    }

    private void playOrSkip(G711Codec codec, short[] out) {
        int slot = nextSequenceNumber & slotMask;
        if (started && filled[slot] && sequenceNumbers[slot] == nextSequenceNumber) {
            if (out != null) {
                int length = payloadLengths[slot];
                codec.decode(payloads[slot], 0, out, 0, length);
                Arrays.fill(out, length, FRAME, (short) 0);
            }
            filled[slot] = false;
            held--;
            played++;
            nextSequenceNumber = (nextSequenceNumber + 1) & 0xFFFF;
            return;
        }
        if (out != null) {
            Arrays.fill(out, 0, FRAME, (short) 0);
        }
        if (held == 0) {
            if (started) {
                underruns++;
            }
            return;
        }
        if (newestAhead() >= capacity - 1) {
            lost++;
            nextSequenceNumber = (nextSequenceNumber + 1) & 0xFFFF;
        }
    }

    /** Forgets everything held and the sequence (after the remote stream changes); counters are kept. */
    public void reset() {
        Arrays.fill(filled, false);
        held = 0;
        started = false;
    }

    private void dropHeld() {
        for (int slot = 0; slot < filled.length; slot++) {
            if (filled[slot]) {
                filled[slot] = false;
                overflows++;
            }
        }
        held = 0;
    }

    private void advanceWindowTo(int newNext) {
        while (nextSequenceNumber != newNext) {
            int slot = nextSequenceNumber & slotMask;
            if (filled[slot] && sequenceNumbers[slot] == nextSequenceNumber) {
                filled[slot] = false;
                held--;
                overflows++;
            } else {
                lost++;
            }
            nextSequenceNumber = (nextSequenceNumber + 1) & 0xFFFF;
        }
    }

    private int newestAhead() {
        int newest = -1;
        for (int slot = 0; slot < filled.length; slot++) {
            if (filled[slot]) {
                newest = Math.max(newest, distance(nextSequenceNumber, sequenceNumbers[slot]));
            }
        }
        return newest;
    }

    /** Signed distance from {@code from} to {@code to} in 16-bit sequence space. */
    static int distance(int from, int to) {
        return (short) (to - from);
    }

    public long received() {
        return received;
    }

    public long played() {
        return played;
    }

    /** Packets that came after their frame was played or judged lost. */
    public long late() {
        return late;
    }

    /** Frames never received in time: played as silence. */
    public long lost() {
        return lost;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Frames dropped unplayed because newer ones pushed the window forward. */
    public long overflows() {
        return overflows;
    }

    /** Ticks played as silence because nothing was held. */
    public long underruns() {
        return underruns;
    }
}
