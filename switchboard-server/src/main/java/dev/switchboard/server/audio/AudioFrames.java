package dev.switchboard.server.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.switchboard.media.FramePort;

/**
 * The wire format of {@code /ext/v1/audio}'s binary messages, both ways: 20 ms frames of mono 16-bit signed
 * little-endian PCM at 8,000 Hz (160 samples, {@link #FRAME_BYTES} bytes each). A message carries a whole number of
 * frames; bytes left over from one message (a client that cut a frame in two) wait for the next.
 */
final class AudioFrames {
    static final int SAMPLE_RATE = 8000;
    static final int FRAME_SAMPLES = FramePort.FRAME_SAMPLES;
    static final int FRAME_BYTES = FRAME_SAMPLES * 2;

    private final byte[] carry = new byte[FRAME_BYTES];
    private final short[] frame = new short[FRAME_SAMPLES];
    private int carried;

    /** Cuts what came in into frames, each handed to {@code sink} (the array is reused); the rest waits for more. */
    void read(ByteBuffer message, java.util.function.Consumer<short[]> sink) {
        ByteBuffer in = message.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            int take = Math.min(in.remaining(), FRAME_BYTES - carried);
            in.get(carry, carried, take);
            carried += take;
            if (carried == FRAME_BYTES) {
                ByteBuffer.wrap(carry).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(frame);
                carried = 0;
                sink.accept(frame);
            }
        }
    }

    /** One frame as a new message (the socket keeps it until it is sent). */
    static ByteBuffer write(short[] samples) {
        ByteBuffer out = ByteBuffer.allocate(FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asShortBuffer().put(samples);
        return out;
    }
}
