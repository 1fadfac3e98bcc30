package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.media.mix.MixPlan;

import org.junit.jupiter.api.Test;

/**
 * DTMF sent to a frame leg (a browser's, which has no RFC 4733) is heard in-band: each digit's standard tone pair for
 * 100 ms, then 60 ms without, added to what the leg hears (here the other leg's 440 Hz, which stays heard). Stepped
 * tick by tick on a fake clock; Goertzel over each digit's 100 ms.
 */
class FrameLegDtmfTest {

    private static final int FRAME = FramePort.FRAME_SAMPLES;

    @Test
    void aFrameLegHearsEachDigitAsItsTonePair() throws Exception {
        try (SteppedEngine stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24900, 24999), MediaListener.NONE)) {
            MediaRoom room = stepped.engine.openRoom("call");
            MediaLeg browser = room.addFrameLeg("browser");
            MediaLeg other = room.addFrameLeg("other");
            room.setPlan(MixPlan.builder().hears(0, 1).hears(1, 0).build());
            short[] says = new short[FRAME];
            short[] heard = new short[FRAME * 8 * 2];
            long sample = 0;
            browser.sendDtmf("5#");
            for (int tick = 0; tick < 16; tick++) {
                for (int i = 0; i < FRAME; i++) {
                    says[i] = Goertzel.toneSample(440, 0.3, sample++);
                }
                other.frames().write(says);
                stepped.step();
                short[] frame = new short[FRAME];
                assertThat(browser.frames().read(frame)).as("tick %d's mix", tick).isTrue();
                System.arraycopy(frame, 0, heard, tick * FRAME, FRAME);
            }
            assertPair(heard, 0, "5", 770, 1336);
            assertPair(heard, 8 * FRAME, "#", 941, 1477);
            assertThat(Goertzel.levelDbfs(heard, 5 * FRAME, 3 * FRAME, 770)).as("the gap after 5").isLessThan(-50);
            assertThat(Goertzel.levelDbfs(heard, 5 * FRAME, 3 * FRAME, 440)).as("the other leg, in the gap").isGreaterThan(-30);
            assertThat(Goertzel.levelDbfs(heard, 0, 5 * FRAME, 440)).as("the other leg, under the digit").isGreaterThan(-30);
        }
    }

    /** The digit's 100 ms (5 frames from {@code from}): both of its tones loud, every other DTMF tone absent. */
    private static void assertPair(short[] heard, int from, String digit, double row, double column) {
        for (double tone : new double[] {697, 770, 852, 941, 1209, 1336, 1477, 1633}) {
            double level = Goertzel.levelDbfs(heard, from, 5 * FRAME, tone);
            if (tone == row || tone == column) {
                assertThat(level).as("%s: %s Hz", digit, tone).isGreaterThan(-15);
            } else {
                assertThat(level).as("%s: %s Hz", digit, tone).isLessThan(-30);
            }
        }
    }
}
