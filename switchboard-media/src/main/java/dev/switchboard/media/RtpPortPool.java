package dev.switchboard.media;

import java.util.BitSet;

/**
 * The even RTP ports of a range (RFC 3550 §11: RTP on even ports, RTCP on the next odd one), handed out round-robin
 * so that a port just released is the last to be reused (a late packet of the old call will not reach a new one).
 * Thread-safe.
 */
public final class RtpPortPool {

    private final int firstPort;
    private final int slots;
    private final BitSet inUse;
    private int cursor;
    private int used;

    /** The even ports in {@code [first, last]}. */
    public RtpPortPool(int first, int last) {
        this.firstPort = first + (first & 1);
        this.slots = last >= firstPort ? (last - firstPort) / 2 + 1 : 0;
        if (slots == 0) {
            throw new IllegalArgumentException("No even port in " + first + "-" + last);
        }
        this.inUse = new BitSet(slots);
    }

    /**
     * Takes the next free port.
     *
     * @throws IllegalStateException if all are in use
     */
    public synchronized int acquire() {
        if (used == slots) {
            throw new IllegalStateException("All " + slots + " RTP ports are in use");
        }
        int slot = inUse.nextClearBit(cursor);
        if (slot >= slots) {
            slot = inUse.nextClearBit(0);
        }
        inUse.set(slot);
        used++;
        cursor = (slot + 1) % slots;
        return firstPort + 2 * slot;
    }

    /** Gives a port back; releasing a port that is not in use is a bug and throws. */
    public synchronized void release(int port) {
        int slot = (port - firstPort) / 2;
        if (port < firstPort || (port - firstPort) % 2 != 0 || slot >= slots || !inUse.get(slot)) {
            throw new IllegalArgumentException("Port " + port + " is not in use");
        }
        inUse.clear(slot);
        used--;
    }

    public synchronized int inUse() {
        return used;
    }

    public int capacity() {
        return slots;
    }
}
