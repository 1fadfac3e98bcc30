package dev.switchboard.server.phone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.switchboard.media.wav.WavReader;

/**
 * Proves who heard whom from what a phone recorded: each party plays its own tone (on an exact Goertzel bin of a
 * 250 ms window at 8 kHz), and a tone is heard in a stretch of the recording when it stands above -30 dBFS in at least
 * 80 % of the windows, and not heard when it stays below -50 dBFS in every window (measured apart: about -10.5 dBFS
 * heard, below -67 dBFS absent). 80 %: on a machine loaded far past its two cores (load average 10 and more) one
 * window of seven has been seen to lose frames (-30 dBFS), which says nothing about who hears whom; a tone that should
 * not be heard still fails every time.
 */
final class HeardTones {
    static final int SAMPLE_RATE = 8000;
    private static final int WINDOW = 2000;
    private static final double HEARD_DBFS = -30;
    private static final double ABSENT_DBFS = -50;

    private HeardTones() {
    }

    /** Where a recording is now, in samples: the start of the next phase. */
    static long mark(Path wav) throws IOException {
        return Math.max(0, (Files.size(wav) - 44) / 2);
    }

    /** The level of {@code toneHz}, in dBFS, per 250 ms window of {@code [from, to)} samples. */
    static List<Double> levels(Path wav, long from, long to, int toneHz) throws IOException {
        return levels(WavReader.readMono8k(wav), from, to, toneHz);
    }

    /** The level of {@code toneHz}, in dBFS, per 250 ms window of {@code samples[from, to)}. */
    static List<Double> levels(short[] samples, long from, long to, int toneHz) {
        List<Double> levels = new ArrayList<>();
        for (long start = from; start + WINDOW <= Math.min(to, samples.length); start += WINDOW) {
            levels.add(goertzelDbfs(samples, (int) start, toneHz));
        }
        return levels;
    }

    /** A stretch's verdict for one tone. */
    record Verdict(int toneHz, boolean heard, boolean absent, List<Double> levels) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(toneHz + " Hz " + (heard ? "heard" : absent ? "absent" : "unclear") + " [");
            for (double level : levels) {
                text.append(String.format(Locale.ROOT, " %.0f", level));
            }
            return text.append(" ] dBFS").toString();
        }
    }

    static Verdict verdict(Path wav, long from, long to, int toneHz) throws IOException {
        return verdict(WavReader.readMono8k(wav), from, to, toneHz);
    }

    /** A stretch's verdict for one tone, in samples heard by other means than a phone (a browser's). */
    static Verdict verdict(short[] samples, long from, long to, int toneHz) {
        List<Double> levels = levels(samples, from, to, toneHz);
        long loud = levels.stream().filter(level -> level > HEARD_DBFS).count();
        boolean heard = !levels.isEmpty() && loud >= Math.ceil(0.8 * levels.size());
        boolean absent = !levels.isEmpty() && levels.stream().allMatch(level -> level < ABSENT_DBFS);
        return new Verdict(toneHz, heard, absent, levels);
    }

    /** The tone's amplitude in the window as dBFS of a full-scale sine (a sine of amplitude 0.3 is about -10.5). */
    private static double goertzelDbfs(short[] samples, int start, int toneHz) {
        double k = (double) toneHz * WINDOW / SAMPLE_RATE;
        double coefficient = 2 * Math.cos(2 * Math.PI * k / WINDOW);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = 0; i < WINDOW; i++) {
            double current = samples[start + i] / 32768.0 + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        double amplitude = 2 * Math.sqrt(Math.max(power, 0)) / WINDOW;
        return 20 * Math.log10(Math.max(amplitude, 1e-9));
    }
}
