package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.mix.MixPlan;
import dev.switchboard.media.mix.Mixer;
import dev.switchboard.media.record.CallRecorder;
import dev.switchboard.media.rtp.DtmfSender;
import dev.switchboard.media.rtp.RtpHeader;
import dev.switchboard.media.rtp.RtpStream;
import dev.switchboard.media.rtp.TelephoneEvent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The work of one 20 ms tick for every room, on the ticker thread: for each room, drain each leg's socket
 * (non-blocking) into its jitter buffer, play one frame out of each, mix each listener's frame by the room's plan,
 * encode and send it, copy the recording mix into the recorder's ring, and check inactivity.
 *
 * <p>The allocation rule: nothing here allocates. Packets are read into and written from one preallocated buffer,
 * frames live in the legs, plans and leg arrays are only read, events go into a preallocated ring. The JDK's
 * {@code DatagramChannel} returns a cached source address while the sender stays the same, and copies heap buffers
 * through a thread-local direct buffer, so steady-state receive and send allocate nothing either (the test
 * {@code TickAllocationTest} measures it).
 */
final class EngineTick {

    private static final int FRAME = G711Codec.FRAME_SAMPLES;
    /** A flood on one port cannot stall the tick: the rest waits in the socket (and the kernel drops beyond). */
    private static final int MAX_PACKETS_PER_LEG_PER_TICK = 16;
    private static final int MAX_DATAGRAM = 1500;

    private final MediaEngine engine;
    private final EventRing events;
    private final long inactivityNanos;
    private final Mixer mixer = new Mixer();
    private final RtpHeader header = new RtpHeader();
    private final byte[] receiveBytes = new byte[MAX_DATAGRAM];
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receiveBytes);
    private final byte[] sendBytes = new byte[RtpHeader.FIXED_LENGTH + FRAME];
    private final ByteBuffer sendBuffer = ByteBuffer.wrap(sendBytes);
    private boolean eventsPosted;

    EngineTick(MediaEngine engine, EventRing events, long inactivityNanos) {
        this.engine = engine;
        this.events = events;
        this.inactivityNanos = inactivityNanos;
    }

    /**
     * Runs one tick for every room.
     *
     * @return whether listener events were posted (the I/O thread should be woken)
     */
    boolean run(long now) {
        eventsPosted = false;
        MediaRoom[] rooms = engine.rooms;
        for (MediaRoom room : rooms) {
            tickRoom(room, now);
        }
        return eventsPosted;
    }

    private void tickRoom(MediaRoom room, long now) {
        MediaLeg[] legs = room.legsBySlot;
        MixPlan plan = room.plan;
        short[][] frames = room.framesBySlot;
        for (int slot = 0; slot < legs.length; slot++) {
            MediaLeg leg = legs[slot];
            frames[slot] = null;
            if (leg == null || leg.closed) {
                continue;
            }
            LegMedia media = leg.media;
            receive(leg, media, now);
            if (media != null) {
                leg.jitter.playOut(media.codec(), leg.inFrame);
                frames[slot] = leg.inFrame;
                checkInactivity(leg, now);
            }
        }
        for (int slot = 0; slot < legs.length; slot++) {
            MediaLeg leg = legs[slot];
            if (leg == null || leg.closed) {
                continue;
            }
            LegMedia media = leg.media;
            if (media == null) {
                continue;
            }
            leg.holdPosition = mixer.mixFor(plan, slot, frames, leg.holdSource, leg.holdPosition, leg.outFrame);
            send(leg, media);
        }
        CallRecorder recorder = room.recorder;
        if (recorder != null && recorder.wantsFrames()) {
            mixer.mixRecording(plan, frames, room.recordingFrame);
            recorder.offer(room.recordingFrame);
        }
    }

    private void receive(MediaLeg leg, LegMedia media, long now) {
        for (int i = 0; i < MAX_PACKETS_PER_LEG_PER_TICK; i++) {
            receiveBuffer.clear();
            SocketAddress source;
            try {
                source = leg.channel.receive(receiveBuffer);
            } catch (IOException e) {
                // The leg is being closed by a control thread; its slot goes away on the next swap.
                return;
            }
            if (source == null) {
                return;
            }
            if (media == null || !accepts(leg, media, (InetSocketAddress) source)) {
                leg.wrongSource++;
                continue;
            }
            if (!header.read(receiveBytes, 0, receiveBuffer.position())) {
                leg.malformed++;
                continue;
            }
            accept(leg, media, now);
        }
    }

    /** Symmetric RTP: only the signalled address, or in NAT mode the first source seen from the signalled host. */
    private static boolean accepts(MediaLeg leg, LegMedia media, InetSocketAddress source) {
        if (!media.latchToRemoteHost()) {
            return source.equals(media.remote());
        }
        if (leg.latchedFor != media) {
            leg.latchedFor = media;
            leg.latchedRemote = null;
        }
        InetSocketAddress latched = leg.latchedRemote;
        if (latched == null) {
            if (source.getAddress().equals(media.remote().getAddress())) {
                leg.latchedRemote = source;
                return true;
            }
            return false;
        }
        return latched.equals(source);
    }

    private void accept(MediaLeg leg, LegMedia media, long now) {
        leg.rtpReceived++;
        leg.lastReceivedNanos = now;
        leg.inactiveReported = false;
        if (leg.remoteSsrcKnown && header.ssrc() != leg.remoteSsrc) {
            leg.jitter.reset();
        }
        leg.remoteSsrc = header.ssrc();
        leg.remoteSsrcKnown = true;
        int payloadType = header.payloadType();
        if (payloadType == media.payloadType()) {
            leg.jitter.insert(header.sequenceNumber(), receiveBytes, header.payloadOffset(), header.payloadLength());
            return;
        }
        // Events and anything else (comfort noise) keep the sequence and play as silence.
        leg.jitter.insert(header.sequenceNumber(), receiveBytes, 0, 0);
        if (payloadType == media.telephoneEventPayloadType() && header.payloadLength() >= TelephoneEvent.PAYLOAD_LENGTH) {
            receiveEvent(leg);
        }
    }

    /** One report per event: all packets of an event (updates, the three ends) share its RTP timestamp. */
    private void receiveEvent(MediaLeg leg) {
        long timestamp = header.timestamp();
        if (timestamp == leg.lastEventTimestamp) {
            return;
        }
        char digit = TelephoneEvent.digitOf(TelephoneEvent.event(receiveBytes, header.payloadOffset()));
        if (digit == 0) {
            return;
        }
        leg.lastEventTimestamp = timestamp;
        leg.digitsReceived++;
        if (events.postDigit(leg, digit)) {
            eventsPosted = true;
        }
    }

    private void checkInactivity(MediaLeg leg, long now) {
        if (!leg.inactiveReported && leg.expectsMedia && now - leg.lastReceivedNanos >= inactivityNanos) {
            leg.inactiveReported = true;
            if (events.postInactive(leg)) {
                eventsPosted = true;
            }
        }
    }

    private void send(MediaLeg leg, LegMedia media) {
        RtpStream stream = leg.stream;
        DtmfSender dtmf = leg.dtmf;
        if (!dtmf.isPlaying()) {
            String digits = leg.pendingDigits.poll();
            if (digits != null) {
                dtmf.start(digits);
            }
        }
        int length;
        if (dtmf.isActive() && media.telephoneEventPayloadType() >= 0) {
            length = dtmf.writePacket(sendBytes, 0, stream, media.telephoneEventPayloadType(), FRAME, stream.timestamp());
        } else {
            if (dtmf.isPlaying()) {
                dtmf.skipGapTick();
            }
            int headerLength = stream.writeHeader(sendBytes, 0, media.payloadType(), false, stream.timestamp());
            media.codec().encode(leg.outFrame, 0, sendBytes, headerLength, FRAME);
            length = headerLength + FRAME;
        }
        stream.advance(FRAME);
        sendBuffer.clear().limit(length);
        try {
            if (leg.channel.send(sendBuffer, leg.target(media)) > 0) {
                leg.rtpSent++;
            }
        } catch (IOException e) {
            // Closed under us, or the network refused: the frame is gone either way, as with any lost packet.
            return;
        }
    }
}
