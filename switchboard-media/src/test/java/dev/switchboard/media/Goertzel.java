package dev.switchboard.media;

/**
 * The tone analysis of {@code softphones.md}: a Goertzel filter per tone over 250 ms windows (2,000 samples at
 * 8 kHz, so 440, 1000 and 2000 Hz fall on exact bins). Heard: at least -30 dBFS in at least 90 % of windows. Not
 * heard: below -50 dBFS in every window.
 */
final class Goertzel {

    static final int WINDOW = 2000;
    static final double HEARD_DBFS = -30;
    static final double ABSENT_DBFS = -50;

    private Goertzel() {
    }

    /** The level of {@code frequency} in {@code samples[offset, offset + length)}, in dB of full scale (sine peak). */
    static double levelDbfs(short[] samples, int offset, int length, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / 8000);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = 0; i < length; i++) {
            double current = samples[offset + i] / 32768.0 + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        double amplitude = 2 * Math.sqrt(Math.max(power, 0)) / length;
        return 20 * Math.log10(Math.max(amplitude, 1e-12));
    }

    /** Per-window levels of {@code frequency}, skipping {@code skip} samples first. */
    static double[] windows(short[] samples, int skip, double frequency) {
        int count = Math.max(0, (samples.length - skip) / WINDOW);
        double[] levels = new double[count];
        for (int w = 0; w < count; w++) {
            levels[w] = levelDbfs(samples, skip + w * WINDOW, WINDOW, frequency);
        }
        return levels;
    }

    static boolean heard(double[] levels) {
        if (levels.length == 0) {
            return false;
        }
        int loud = 0;
        for (double level : levels) {
            if (level >= HEARD_DBFS) {
                loud++;
            }
        }
        return loud >= 0.9 * levels.length;
    }

    static boolean absent(double[] levels) {
        for (double level : levels) {
            if (level >= ABSENT_DBFS) {
                return false;
            }
        }
        return levels.length > 0;
    }

    /** A sine of {@code amplitude} (of full scale) at {@code frequency}, sample {@code index} onward. */
    static short toneSample(double frequency, double amplitude, long index) {
        return (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * index / 8000));
    }
}
