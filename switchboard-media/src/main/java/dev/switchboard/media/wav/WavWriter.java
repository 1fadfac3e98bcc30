package dev.switchboard.media.wav;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes 8 kHz, 16-bit, mono PCM as a RIFF/WAVE file. The header is written first with zero sizes and fixed on
 * {@link #close()}, so a file cut short by a crash is still recognisable and its data readable. Not thread-safe:
 * used by one writer thread.
 */
public final class WavWriter implements Closeable {

    public static final int SAMPLE_RATE = 8000;
    static final int HEADER_LENGTH = 44;
    private static final int BUFFER_SAMPLES = 4096;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SAMPLES * 2).order(ByteOrder.LITTLE_ENDIAN);
    private long samplesWritten;
    private boolean closed;

    public WavWriter(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        ByteBuffer header = header(0);
        while (header.hasRemaining()) {
            channel.write(header);
        }
    }

    /** Appends {@code count} samples. */
    public void write(short[] samples, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            buffer.clear();
            int chunk = Math.min(count - done, BUFFER_SAMPLES);
            for (int i = 0; i < chunk; i++) {
                buffer.putShort(samples[offset + done + i]);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            done += chunk;
        }
        samplesWritten += count;
    }

    public long samplesWritten() {
        return samplesWritten;
    }

    /** Fixes the RIFF and data chunk sizes, then closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            ByteBuffer header = header(samplesWritten * 2);
            long position = 0;
            while (header.hasRemaining()) {
                position += channel.write(header, position);
            }
            channel.force(false);
        }
    }

    static ByteBuffer header(long dataBytes) {
        long clamped = Math.min(dataBytes, 0xFFFF_FFFFL - 36);
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + clamped)).put(new byte[] {'W', 'A', 'V', 'E'});
        header.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        header.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) clamped);
        return header.flip();
    }
}
