package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The adapter's side of a frame leg ({@link MediaRoom#addFrameLeg}): a leg whose audio is handed over in 20 ms frames
 * of 16-bit linear PCM at 8 kHz ({@link #FRAME_SAMPLES} samples) instead of RTP, for an endpoint that carries audio
 * by other means (a browser over a WebSocket). One ring per direction, each between one adapter thread and the
 * room's ticker:
 *
 * <ul>
 *   <li>{@link #write} (one adapter thread): a frame the far end said. The ticker takes one per tick; a tick that
 *       finds none plays silence for the leg (counted in {@link #underruns()}); a ring already holding
 *       {@link #INBOUND_FRAMES} frames drops what comes (counted), which bounds the delay.</li>
 *   <li>{@link #read} (one adapter thread): a frame of the leg's mix, one per tick, for the far end to play. A reader
 *       that falls {@link #OUTBOUND_FRAMES} frames behind loses the newest frames (counted). The ticker unparks the
 *       thread given to {@link #wakeOnFrames} after each frame, so the reader may park in between.</li>
 * </ul>
 * Neither side blocks nor allocates.
 */
public final class FramePort {

    /** Samples in one frame: 20 ms at 8 kHz. */
    public static final int FRAME_SAMPLES = G711Codec.FRAME_SAMPLES;
    /** Frames the inbound ring holds: 160 ms of the far end's audio, the most delay it can add. */
    public static final int INBOUND_FRAMES = 8;
    /** Frames the outbound ring holds: 320 ms of mix waiting for the reader. */
    public static final int OUTBOUND_FRAMES = 16;

    final FrameRing inbound = new FrameRing(INBOUND_FRAMES);
    final FrameRing outbound = new FrameRing(OUTBOUND_FRAMES);
    private volatile Thread reader;
    // written by the ticker, read by anyone
    volatile long framesPlayed;
    volatile long framesMixed;
    volatile long underruns;

    FramePort() {
    }

    /**
     * Hands the ticker one frame the far end said.
     *
     * @param frame {@link #FRAME_SAMPLES} samples; copied
     * @return false when the inbound ring is full and the frame was dropped
     */
    public boolean write(short[] frame) {
        checkLength(frame);
        return inbound.offer(frame);
    }

    /**
     * Takes the oldest frame of the leg's mix not yet read.
     *
     * @param into receives {@link #FRAME_SAMPLES} samples
     * @return false when no frame is waiting
     */
    public boolean read(short[] into) {
        checkLength(into);
        return outbound.poll(into);
    }

    /** The thread to unpark whenever a frame of mix is ready ({@code null}: none). */
    public void wakeOnFrames(Thread thread) {
        this.reader = thread;
    }

    /** Frames of the far end the mixer played (heard by somebody or not). */
    public long framesPlayed() {
        return framesPlayed;
    }

    /** Frames of mix the ticker made for the far end. */
    public long framesMixed() {
        return framesMixed;
    }

    /** Ticks that found no frame of the far end waiting (played as silence). */
    public long underruns() {
        return underruns;
    }

    /** Frames of the far end dropped because the inbound ring was full. */
    public long inboundDropped() {
        return inbound.dropped();
    }

    /** Frames of mix dropped because the reader was behind. */
    public long outboundDropped() {
        return outbound.dropped();
    }

    // ---- the ticker's side ----

    /** Ticker: the far end's frame for this tick into {@code into}, or silence when none came. */
    void playOut(short[] into) {
        if (inbound.poll(into)) {
            framesPlayed++;
        } else {
            Arrays.fill(into, (short) 0);
            underruns++;
        }
    }

    /** Ticker: nobody hears the leg this tick; its frame is consumed all the same, so the delay stays bounded. */
    void skipOut() {
        if (inbound.skip()) {
            framesPlayed++;
        } else {
            underruns++;
        }
    }

    /** Ticker: the leg's mix for this tick goes to the reader. */
    void deliver(short[] mix) {
        outbound.offer(mix);
        framesMixed++;
        Thread waiting = reader;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    private static void checkLength(short[] frame) {
        if (frame.length != FRAME_SAMPLES) {
            throw new IllegalArgumentException("A frame is " + FRAME_SAMPLES + " samples, not " + frame.length);
        }
    }
}
