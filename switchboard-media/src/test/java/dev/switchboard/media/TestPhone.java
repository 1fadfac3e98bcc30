package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.rtp.RtpHeader;
import dev.switchboard.media.rtp.RtpStream;
import dev.switchboard.media.rtp.TelephoneEvent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A "phone" in a test: a plain non-blocking DatagramChannel on 127.0.0.1 that sends 20 ms G.711 frames (a tone, a
 * constant, or telephone events) to an engine leg and decodes what it receives. Thread-safe enough for one driving
 * thread plus a test thread reading the recording.
 */
final class TestPhone implements AutoCloseable {

    private final DatagramChannel channel;
    private final G711Codec codec;
    private final RtpStream stream = new RtpStream(0x1234_5678, 100, 5000);
    private final byte[] packet = new byte[1500];
    private final short[] frame = new short[G711Codec.FRAME_SAMPLES];
    private volatile InetSocketAddress target;
    private long toneIndex;
    private short[] recording = new short[8000];
    private int recorded;
    private final List<int[]> receivedEvents = new ArrayList<>();
    private long packetsReceived;

    TestPhone(G711Codec codec) throws IOException {
        this.codec = codec;
        this.channel = DatagramChannel.open();
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    void target(MediaLeg leg) {
        this.target = new InetSocketAddress("127.0.0.1", leg.localPort());
    }

    /** Sends the next 20 ms of a sine. */
    void sendTone(double frequency, double amplitude) throws IOException {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = Goertzel.toneSample(frequency, amplitude, toneIndex++);
        }
        sendFrame(frame);
    }

    /** Sends a frame where every sample is {@code value}. */
    void sendConstant(short value) throws IOException {
        Arrays.fill(frame, value);
        sendFrame(frame);
    }

    void sendFrame(short[] samples) throws IOException {
        int header = stream.writeHeader(packet, 0, codec.staticPayloadType(), false, stream.timestamp());
        codec.encode(samples, 0, packet, header, G711Codec.FRAME_SAMPLES);
        stream.advance(G711Codec.FRAME_SAMPLES);
        channel.send(ByteBuffer.wrap(packet, 0, header + G711Codec.FRAME_SAMPLES), target);
    }

    /** Sends one RFC 4733 packet (payload type 101) with the given event timestamp, and advances the clock. */
    void sendEvent(int event, boolean end, int duration, long eventTimestamp, boolean marker) throws IOException {
        int header = stream.writeHeader(packet, 0, 101, marker, eventTimestamp);
        int length = header + TelephoneEvent.write(packet, header, event, end, 10, duration);
        stream.advance(G711Codec.FRAME_SAMPLES);
        channel.send(ByteBuffer.wrap(packet, 0, length), target);
    }

    long timestamp() {
        return stream.timestamp();
    }

    /** Reads every waiting packet: audio is decoded onto the recording, events kept as {event, end, duration, ts}. */
    synchronized int receiveAll() throws IOException {
        int count = 0;
        ByteBuffer buffer = ByteBuffer.wrap(new byte[1500]);
        RtpHeader header = new RtpHeader();
        while (true) {
            buffer.clear();
            SocketAddress from = channel.receive(buffer);
            if (from == null) {
                return count;
            }
            count++;
            packetsReceived++;
            if (!header.read(buffer.array(), 0, buffer.position())) {
                continue;
            }
            byte[] bytes = buffer.array();
            if (header.payloadType() == 101) {
                int at = header.payloadOffset();
                receivedEvents.add(new int[] {TelephoneEvent.event(bytes, at), TelephoneEvent.isEnd(bytes, at) ? 1 : 0,
                    TelephoneEvent.duration(bytes, at), (int) header.timestamp(), header.marker() ? 1 : 0});
                continue;
            }
            int length = header.payloadLength();
            if (recorded + length > recording.length) {
                recording = Arrays.copyOf(recording, Math.max(recording.length * 2, recorded + length));
            }
            codec.decode(bytes, header.payloadOffset(), recording, recorded, length);
            recorded += length;
        }
    }

    synchronized short[] recording() {
        return Arrays.copyOf(recording, recorded);
    }

    synchronized int recordedSamples() {
        return recorded;
    }

    synchronized void clearRecording() {
        recorded = 0;
    }

    synchronized long packetsReceived() {
        return packetsReceived;
    }

    /** The last frame received, or null if none. */
    synchronized short[] lastFrame() {
        return recorded < G711Codec.FRAME_SAMPLES ? null : Arrays.copyOfRange(recording, recorded - 160, recorded);
    }

    synchronized List<int[]> receivedEvents() {
        return new ArrayList<>(receivedEvents);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
