package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.jitter.JitterBuffer;
import dev.switchboard.media.mix.HoldSource;
import dev.switchboard.media.rtp.DtmfSender;
import dev.switchboard.media.rtp.RtpStream;
import dev.switchboard.media.rtp.TelephoneEvent;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One party's media in a room: a local RTP port (for the SDP the signalling side sends), the negotiated
 * {@link LegMedia}, and the state the ticker keeps for it (socket, jitter buffer, outgoing stream, frames). The
 * public methods may be called from any thread; the package-private fields marked "ticker" are touched only by the
 * ticker thread.
 *
 * <p>A frame leg ({@link MediaRoom#addFrameLeg}) has no socket and no RTP: its audio comes from and goes to its
 * {@link #frames()} port, and it plays from the moment it is added. The mixer treats it like any other slot.
 */
public final class MediaLeg {

    private final MediaRoom room;
    private final String id;
    private final int slot;
    private final int localPort;
    private final MediaClock clock;

    /** The RTP socket; {@code null} for a frame leg. */
    final DatagramChannel channel;
    /** The frame hand-over of a frame leg; {@code null} for an RTP leg. */
    final FramePort frames;
    /** Set by the signalling side; null until the SDP exchange is done (the leg then neither sends nor plays). */
    volatile LegMedia media;
    volatile HoldSource holdSource;
    /** False while the remote side is not meant to send (a held call): silence is then no sign of a dead leg. */
    volatile boolean expectsMedia = true;
    volatile boolean closed;
    /** Digit strings waiting for the ticker: the only hand-off for sending DTMF. */
    final Queue<String> pendingDigits = new ConcurrentLinkedQueue<>();

    // ticker
    final JitterBuffer jitter;
    final RtpStream stream;
    final DtmfSender dtmf = new DtmfSender();
    /** A frame leg's digits, played in-band into what the leg hears; {@code null} for an RTP leg. */
    final DtmfTone dtmfTone;
    final short[] inFrame = new short[G711Codec.FRAME_SAMPLES];
    final short[] outFrame = new short[G711Codec.FRAME_SAMPLES];
    int holdPosition;
    LegMedia latchedFor;
    long lastEventTimestamp = -1;
    int remoteSsrc;
    boolean remoteSsrcKnown;

    // written by the ticker (the configuring thread for lastReceivedNanos), read by anyone
    volatile InetSocketAddress latchedRemote;
    volatile long lastReceivedNanos;
    volatile boolean inactiveReported;
    volatile long rtpSent;
    volatile long rtpReceived;
    volatile long wrongSource;
    volatile long malformed;
    volatile long digitsReceived;

    MediaLeg(MediaRoom room, String id, int slot, DatagramChannel channel, int localPort, int jitterFrames, MediaClock clock) {
        this.room = room;
        this.id = id;
        this.slot = slot;
        this.channel = channel;
        this.frames = null;
        this.dtmfTone = null;
        this.localPort = localPort;
        this.clock = clock;
        this.jitter = new JitterBuffer(jitterFrames);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.stream = new RtpStream(random.nextInt(), random.nextInt(1 << 16), random.nextInt() & 0xFFFF_FFFFL);
    }

    /** A frame leg: no socket, no port; plays and mixes through {@code frames}. */
    MediaLeg(MediaRoom room, String id, int slot, FramePort frames, MediaClock clock) {
        this.room = room;
        this.id = id;
        this.slot = slot;
        this.channel = null;
        this.frames = frames;
        this.dtmfTone = new DtmfTone();
        this.localPort = -1;
        this.clock = clock;
        this.jitter = new JitterBuffer(1);
        this.stream = new RtpStream(0, 0, 0);
    }

    public String id() {
        return id;
    }

    public MediaRoom room() {
        return room;
    }

    /** This leg's slot in its room's {@link dev.switchboard.media.mix.MixPlan}. */
    public int slot() {
        return slot;
    }

    /** The adapter's side of a frame leg, or {@code null} for an RTP leg. */
    public FramePort frames() {
        return frames;
    }

    /** The local RTP port, for the SDP {@code m=audio} line; -1 for a frame leg. */
    public int localPort() {
        return localPort;
    }

    /** Our outgoing SSRC. */
    public int ssrc() {
        return stream.ssrc();
    }

    public LegMedia media() {
        return media;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Sets (or, after a re-INVITE, replaces) the negotiated media. From the next tick the leg plays what it
     * receives from {@code media.remote()} and sends its mix there. The inactivity timer starts now.
     */
    public void configure(LegMedia media) {
        lastReceivedNanos = clock.nanoTime();
        inactiveReported = false;
        this.media = media;
    }

    /**
     * Whether the remote side should be sending now. A phone on hold sends nothing, so while this is false the
     * inactivity timer is off; setting it true again starts the timer afresh.
     */
    public void expectMedia(boolean expected) {
        if (expected && !expectsMedia) {
            lastReceivedNanos = clock.nanoTime();
            inactiveReported = false;
        }
        expectsMedia = expected;
    }

    /** The loop this leg hears when its plan says {@code hearsHoldSource}; {@code null} for none. */
    public void setHoldSource(HoldSource source) {
        this.holdSource = source;
    }

    /**
     * Queues {@code digits} to be sent as RFC 4733 events (100 ms each, 60 ms apart), after any digits already
     * queued; the leg's audio pauses while an event is sent. A frame leg hears them instead as in-band tone pairs
     * with the same timing, added to its mix ({@link DtmfTone}).
     *
     * @throws IllegalArgumentException if a character is not {@code 0-9 * # A-D}
     * @throws IllegalStateException    if an RTP leg has no telephone-event payload type
     */
    public void sendDtmf(String digits) {
        if (!TelephoneEvent.isDialable(digits)) {
            throw new IllegalArgumentException("Not DTMF digits: '" + digits + "'");
        }
        if (frames != null) {
            pendingDigits.add(digits);
            return;
        }
        LegMedia current = media;
        if (current == null || current.telephoneEventPayloadType() < 0) {
            throw new IllegalStateException("Leg " + id + " has no telephone-event payload type");
        }
        pendingDigits.add(digits);
    }

    /**
     * The leg's counters now. A frame leg counts frames where an RTP leg counts packets, under the codec name
     * {@code L16}, and has no packet age (-1).
     */
    public LegStats stats() {
        if (frames != null) {
            return new LegStats("L16", frames.framesMixed(), frames.framesPlayed(), -1, 0, frames.underruns(), 0, 0,
                    frames.inboundDropped(), 0);
        }
        LegMedia current = media;
        long ago = current == null ? -1 : TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - lastReceivedNanos);
        return new LegStats(current == null ? null : current.codec().encodingName(), rtpSent, rtpReceived, ago, jitter.late(),
                jitter.lost(), jitter.duplicates(), wrongSource, malformed, digitsReceived);
    }

    /** The address RTP goes to now: the latched source in NAT mode once seen, the signalled address otherwise. */
    InetSocketAddress target(LegMedia current) {
        InetSocketAddress latched = latchedRemote;
        return current.latchToRemoteHost() && latched != null && latchedFor == current ? latched : current.remote();
    }

    @Override
    public String toString() {
        return "MediaLeg[" + room.id() + "/" + id + " slot " + slot + (frames != null ? " frames" : " port " + localPort) + "]";
    }
}
