package dev.switchboard.media;

/**
 * Plays a string of digits in-band, as the standard DTMF tone pairs (ITU-T Q.23: a row of 697, 770, 852 or 941 Hz
 * with a column of 1209, 1336, 1477 or 1633 Hz), for a leg that has no RFC 4733 to carry them (a frame leg, whose
 * far end only plays what it gets). The timing is {@code DtmfSender}'s: 100 ms of tone per digit, 60 ms apart. Each
 * tone is added to the frame the leg hears (saturating), so the rest of the mix stays heard. Owned by the ticker
 * thread; it keeps a reference to the digit string and computes samples in place, so it allocates nothing.
 */
final class DtmfTone {

    /** Frames of tone per digit: 5 × 20 ms = 100 ms. */
    static final int TONE_FRAMES = 5;
    /** Frames of no tone after each digit: 60 ms. */
    static final int GAP_FRAMES = 3;
    /** Each of the pair's sines: about -12 dBFS, so their sum never clips on its own. */
    static final double AMPLITUDE = 0.25 * 32767;
    private static final String KEYS = "123A456B789C*0#D";
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final int SAMPLE_RATE = 8000;

    private CharSequence digits;
    private int digitIndex;
    /** Frame within the current digit: 0..TONE_FRAMES-1 tone, then the gap. */
    private int frameIndex;
    private double rowStep;
    private double columnStep;
    /** Sample within the current digit's tone, so both sines start at phase 0 for each digit. */
    private int sample;

    /** Starts playing {@code digits} (0-9, *, #, A-D), replacing anything still playing. */
    void start(CharSequence newDigits) {
        this.digits = newDigits;
        this.digitIndex = 0;
        this.frameIndex = 0;
        this.sample = 0;
        tune();
    }

    boolean isPlaying() {
        return digits != null;
    }

    /** Adds this tick's part of the current digit to {@code frame} (nothing during a gap) and moves on one frame. */
    void addTo(short[] frame) {
        if (frameIndex < TONE_FRAMES && rowStep > 0) {
            for (int i = 0; i < frame.length; i++) {
                double tone = AMPLITUDE * (Math.sin(rowStep * sample) + Math.sin(columnStep * sample));
                sample++;
                frame[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(frame[i] + tone)));
            }
        }
        frameIndex++;
        if (frameIndex >= TONE_FRAMES + GAP_FRAMES) {
            frameIndex = 0;
            sample = 0;
            digitIndex++;
            if (digitIndex >= digits.length()) {
                digits = null;
            } else {
                tune();
            }
        }
    }

    /** The current digit's pair, as radians per sample (a character that is not a key plays nothing). */
    private void tune() {
        int key = KEYS.indexOf(Character.toUpperCase(digits.charAt(digitIndex)));
        rowStep = key < 0 ? 0 : 2 * Math.PI * ROWS[key / 4] / SAMPLE_RATE;
        columnStep = key < 0 ? 0 : 2 * Math.PI * COLUMNS[key % 4] / SAMPLE_RATE;
    }
}
