package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The single-producer single-consumer frame ring: order, empty, full (drops the newest and counts it), wrap-around. */
class FrameRingTest {

    @Test
    void framesComeOutInOrderAndAFullRingDropsTheNewest() {
        FrameRing ring = new FrameRing(3);
        short[] out = new short[FrameRing.FRAME];
        assertThat(ring.poll(out)).as("empty").isFalse();
        for (int i = 1; i <= 4; i++) {
            assertThat(ring.offer(frameOf(i))).as("frame %d", i).isEqualTo(i <= 3);
        }
        assertThat(ring.dropped()).isEqualTo(1);
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.poll(out)).isTrue();
        assertThat(out[0]).isEqualTo((short) 1);
        assertThat(ring.skip()).isTrue();
        assertThat(ring.offer(frameOf(5))).isTrue();
        assertThat(ring.offer(frameOf(6))).isTrue();
        for (int expected : new int[] {3, 5, 6}) {
            assertThat(ring.poll(out)).isTrue();
            assertThat(out[0]).isEqualTo((short) expected);
            assertThat(out[FrameRing.FRAME - 1]).isEqualTo((short) expected);
        }
        assertThat(ring.poll(out)).isFalse();
        assertThat(ring.skip()).isFalse();
    }

    private static short[] frameOf(int value) {
        short[] frame = new short[FrameRing.FRAME];
        java.util.Arrays.fill(frame, (short) value);
        return frame;
    }
}
