package dev.switchboard.phone;

import java.util.Arrays;

import dev.switchboard.media.FramePort;

/**
 * One browser page registered as the audio endpoint of one device ({@link BrowserAudio#register}): while it is open,
 * the switch offers that device's legs to the browser. What the user says goes in through {@link #write} (into every
 * leg the line carries: a held leg is heard by nobody anyway); what the user hears comes out through the line's
 * {@link FrameSink}, the sum of its legs' mixes. {@link #close()} unregisters it and releases its legs.
 */
public final class BrowserLine implements AutoCloseable {
    private final BrowserAudio owner;
    private final String environment;
    private final String dn;
    final FrameSink sink;
    /** The frame ports of the line's legs: copy-on-write by the adapter thread, read by the writer and the pump. */
    volatile FramePort[] ports = new FramePort[0];
    volatile boolean closed;
    // the pump thread's
    final short[] mix = new short[FramePort.FRAME_SAMPLES];
    final short[] frame = new short[FramePort.FRAME_SAMPLES];
    final int[] sum = new int[FramePort.FRAME_SAMPLES];

    BrowserLine(BrowserAudio owner, String environment, String dn, FrameSink sink) {
        this.owner = owner;
        this.environment = environment;
        this.dn = dn;
        this.sink = sink;
    }

    public String environment() {
        return environment;
    }

    /** The DN whose legs the line carries. */
    public String dn() {
        return dn;
    }

    /**
     * One 20 ms frame the user said ({@link FramePort#FRAME_SAMPLES} samples), from one thread at a time (the
     * socket's); dropped while the line carries no leg.
     */
    public void write(short[] said) {
        for (FramePort port : ports) {
            port.write(said);
        }
    }

    /** How many legs the line carries now. */
    public int legs() {
        return ports.length;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Unregisters the line: its legs are released (the far ends hear the user hang up). Idempotent. */
    @Override
    public void close() {
        owner.unregister(this);
    }

    void add(FramePort port) {
        FramePort[] grown = Arrays.copyOf(ports, ports.length + 1);
        grown[ports.length] = port;
        ports = grown;
    }

    void remove(FramePort port) {
        ports = Arrays.stream(ports).filter(each -> each != port).toArray(FramePort[]::new);
    }

    @Override
    public String toString() {
        return "BrowserLine[" + environment + "/" + dn + (closed ? " closed" : "") + "]";
    }
}
