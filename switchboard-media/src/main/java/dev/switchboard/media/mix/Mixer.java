package dev.switchboard.media.mix;

import dev.switchboard.media.codec.G711Codec;

/**
 * The 20 ms mix of one room: for each listener, the saturating sum of exactly the frames its {@link MixPlan} says it
 * hears. One instance per ticker thread (it holds scratch arrays); allocates nothing.
 */
public final class Mixer {

    private static final int FRAME = G711Codec.FRAME_SAMPLES;

    private final int[] accumulator = new int[FRAME];
    private final short[] holdFrame = new short[FRAME];

    /**
     * Mixes what {@code listener} hears into {@code out}.
     *
     * @param framesBySlot this tick's decoded frame of every slot; {@code null} where the room has no leg
     * @param hold         the listener's hold source, or {@code null}
     * @param holdPosition where the listener is in its hold source
     * @return the new hold position (unchanged if the hold source was not played)
     */
    public int mixFor(MixPlan plan, int listener, short[][] framesBySlot, HoldSource hold, int holdPosition, short[] out) {
        int position = holdPosition;
        short[] holdSamples = null;
        if (hold != null && plan.hearsHoldSource(listener)) {
            position = hold.read(holdPosition, holdFrame, FRAME);
            holdSamples = holdFrame;
        }
        int[] speakers = plan.speakersOf(listener);
        sum(speakers, listener, framesBySlot, holdSamples, out);
        return position;
    }

    /** Mixes the plan's recorded slots into {@code out}. */
    public void mixRecording(MixPlan plan, short[][] framesBySlot, short[] out) {
        sum(plan.recordedSlotsArray(), -1, framesBySlot, null, out);
    }

    private void sum(int[] speakers, int self, short[][] framesBySlot, short[] extra, short[] out) {
        int[] acc = accumulator;
        if (extra != null) {
            for (int i = 0; i < FRAME; i++) {
                acc[i] = extra[i];
            }
        } else {
            for (int i = 0; i < FRAME; i++) {
                acc[i] = 0;
            }
        }
        for (int speaker : speakers) {
            // The plan builder already drops self; this guards a plan built some other way.
            if (speaker == self || speaker >= framesBySlot.length) {
                continue;
            }
            short[] frame = framesBySlot[speaker];
            if (frame == null) {
                continue;
            }
            for (int i = 0; i < FRAME; i++) {
                acc[i] += frame[i];
            }
        }
        for (int i = 0; i < FRAME; i++) {
            int value = acc[i];
            out[i] = (short) (value > Short.MAX_VALUE ? Short.MAX_VALUE : value < Short.MIN_VALUE ? Short.MIN_VALUE : value);
        }
    }
}
