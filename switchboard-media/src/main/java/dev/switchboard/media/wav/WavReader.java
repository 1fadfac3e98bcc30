package dev.switchboard.media.wav;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a whole 8 kHz, 16-bit, mono PCM WAV file (e.g. music on hold, or a recording in a test). */
public final class WavReader {

    private WavReader() {
    }

    /**
     * The samples of the file's data chunk.
     *
     * @throws IOException if it is not RIFF/WAVE PCM, 16-bit, mono, 8 kHz
     */
    public static short[] readMono8k(Path path) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() < 12 || bytes.getInt(0) != 0x46464952 || bytes.getInt(8) != 0x45564157) {
            throw new IOException(path + " is not a RIFF/WAVE file");
        }
        bytes.position(12);
        boolean formatSeen = false;
        while (bytes.remaining() >= 8) {
            int id = bytes.getInt();
            long size = bytes.getInt() & 0xFFFF_FFFFL;
            int start = bytes.position();
            if (id == 0x20746d66) {
                int format = bytes.getShort(start) & 0xFFFF;
                int channels = bytes.getShort(start + 2);
                int rate = bytes.getInt(start + 4);
                int bits = bytes.getShort(start + 14);
                if (format != 1 || channels != 1 || rate != WavWriter.SAMPLE_RATE || bits != 16) {
                    throw new IOException(path + ": need PCM 16-bit mono 8 kHz, found format " + format + ", " + channels
                            + " channels, " + rate + " Hz, " + bits + " bits");
                }
                formatSeen = true;
            } else if (id == 0x61746164) {
                if (!formatSeen) {
                    throw new IOException(path + ": data chunk before fmt chunk");
                }
                // A header left unfixed by a crash says 0: take what is there.
                long available = bytes.remaining();
                int length = (int) (size == 0 || size > available ? available : size);
                short[] samples = new short[length / 2];
                bytes.asShortBuffer().get(samples);
                return samples;
            }
            bytes.position((int) Math.min(bytes.limit(), start + size + (size & 1)));
        }
        throw new IOException(path + " has no data chunk");
    }
}
