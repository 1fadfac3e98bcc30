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
 * The work of one 20 ms tick for the rooms of one {@link TickerShard}, on that shard's ticker thread: for each room,
 * drain each leg's socket (non-blocking) into its jitter buffer, play one frame out of each, mix each listener's
 * frame by the room's plan, encode and send it, copy the recording mix into the recorder's ring, and check
 * inactivity. A frame nobody hears (in no listener's list, not recorded: a listening supervisor, a muted party) is
 * not decoded. A frame leg ({@link FramePort}) takes its frame from its inbound ring instead of a socket, and hands its
 * mix to its outbound ring instead of sending it, with the digits sent to it played in-band ({@link DtmfTone}).
 *
 * <p>The allocation rule: nothing here allocates. Packets are read into and written from preallocated direct
 * buffers (so the JDK need not lend a temporary direct buffer per call), frames live in the legs, plans and leg
 * arrays are only read, events go into a preallocated ring. The JDK's {@code DatagramChannel} returns a cached
 * source address while the sender stays the same, so steady-state receive and send allocate nothing either (the
 * test {@code TickAllocationTest} measures it on every ticker thread).
 *
 * <p>Why not a {@code Selector}, which would spare the empty {@code receive} that ends each leg's drain: JDK 17's
 * epoll selector boxes each ready descriptor into an {@code Integer} to find its key (16 bytes per ready socket
 * above descriptor 127, measured), which would break the allocation rule.
 */
final class EngineTick {

    private static final int FRAME = G711Codec.FRAME_SAMPLES;
    /** A flood on one port cannot stall the tick: the rest waits in the socket (and the kernel drops beyond). */
    private static final int MAX_PACKETS_PER_LEG_PER_TICK = 16;
    private static final int MAX_DATAGRAM = 1500;

    private final TickerShard shard;
    private final EventRing events;
    private final long inactivityNanos;
    private final Mixer mixer = new Mixer();
    private final RtpHeader header = new RtpHeader();
    private final byte[] receiveBytes = new byte[MAX_DATAGRAM];
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final byte[] sendBytes = new byte[RtpHeader.FIXED_LENGTH + FRAME];
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(RtpHeader.FIXED_LENGTH + FRAME);
    private boolean eventsPosted;

    EngineTick(TickerShard shard, EventRing events, long inactivityNanos) {
        this.shard = shard;
        this.events = events;
        this.inactivityNanos = inactivityNanos;
    }

    /**
     * Runs one tick for every room of the shard.
     *
     * @return whether listener events were posted (the I/O thread should be woken)
     */
    boolean run(long now) {
        eventsPosted = false;
        MediaRoom[] rooms = shard.rooms;
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
            FramePort port = leg.frames;
            if (port != null) {
                if (plan.isHeard(slot)) {
                    port.playOut(leg.inFrame);
                    frames[slot] = leg.inFrame;
                } else {
                    port.skipOut();
                }
                continue;
            }
            LegMedia media = leg.media;
            receive(leg, media, now);
            if (media != null) {
                if (plan.isHeard(slot)) {
                    leg.jitter.playOut(media.codec(), leg.inFrame);
                    frames[slot] = leg.inFrame;
                } else {
                    // Nobody hears it: keep the buffer's timing and counters, skip the decoding.
                    leg.jitter.skipOut();
                }
                checkInactivity(leg, now);
            }
        }
        for (int slot = 0; slot < legs.length; slot++) {
            MediaLeg leg = legs[slot];
            if (leg == null || leg.closed) {
                continue;
            }
            if (leg.frames != null) {
                leg.holdPosition = mixer.mixFor(plan, slot, frames, leg.holdSource, leg.holdPosition, leg.outFrame);
                playDigits(leg);
                leg.frames.deliver(leg.outFrame);
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

    /** A frame leg's queued digits, as in-band tone pairs added to what it hears this tick. */
    private static void playDigits(MediaLeg leg) {
        DtmfTone tone = leg.dtmfTone;
        if (!tone.isPlaying()) {
            String digits = leg.pendingDigits.poll();
            if (digits == null) {
                return;
            }
            tone.start(digits);
        }
        tone.addTo(leg.outFrame);
    }

    private void receive(MediaLeg leg, LegMedia media, long now) {
        ByteBuffer buffer = receiveBuffer;
        for (int i = 0; i < MAX_PACKETS_PER_LEG_PER_TICK; i++) {
            buffer.clear();
            SocketAddress source;
            try {
                source = leg.channel.receive(buffer);
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
            int length = buffer.position();
            buffer.get(0, receiveBytes, 0, length);
            if (!header.read(receiveBytes, 0, length)) {
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
        sendBuffer.clear().put(0, sendBytes, 0, length).limit(length);
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
