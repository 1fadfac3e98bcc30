package dev.switchboard.media.mix;

import dev.switchboard.media.wav.WavReader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A preloaded loop of 8 kHz PCM (e.g. music on hold) that a leg hears when its {@link MixPlan} says so. Immutable
 * and shareable between legs: each leg keeps its own position in the loop.
 */
public final class HoldSource {

    private final short[] samples;

    private HoldSource(short[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("A hold source needs at least one sample");
        }
        this.samples = samples;
    }

    /** A loop of a copy of {@code samples}. */
    public static HoldSource of(short[] samples) {
        return new HoldSource(samples.clone());
    }

    /** A loop of a WAV file's samples (PCM, 16-bit, mono, 8 kHz). */
    public static HoldSource fromWav(Path path) throws IOException {
        return new HoldSource(WavReader.readMono8k(path));
    }

    public int length() {
        return samples.length;
    }

    /**
     * Copies {@code count} samples from {@code position}, wrapping around the end, into {@code out}.
     *
     * @return the position to continue from
     */
    public int read(int position, short[] out, int count) {
        int at = position % samples.length;
        int done = 0;
        while (done < count) {
            int chunk = Math.min(count - done, samples.length - at);
            System.arraycopy(samples, at, out, done, chunk);
            done += chunk;
            at = (at + chunk) % samples.length;
        }
        return at;
    }
}
