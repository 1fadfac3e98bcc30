package dev.switchboard.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.codec.MuLaw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Frames are marked by their content: frame n is 160 µ-law bytes that decode to a value unique to n. */
class JitterBufferTest {

    private static final int SILENCE = -1;

    private final JitterBuffer buffer = new JitterBuffer(3);
    private final short[] out = new short[160];

    private static byte codeOf(int frame) {
        return (byte) (0x80 + (frame % 100));
    }

    private static int valueOf(int frame) {
        return MuLaw.decode(codeOf(frame));
    }

    private void insert(int sequenceNumber) {
        byte[] payload = new byte[160];
        Arrays.fill(payload, codeOf(sequenceNumber));
        buffer.insert(sequenceNumber, payload, 0, 160);
    }

    /** Plays one tick; returns the frame number played, or SILENCE. */
    private int play() {
        buffer.playOut(G711Codec.PCMU, out);
        for (short sample : out) {
            assertThat(sample).isEqualTo(out[0]);
        }
        if (out[0] == 0) {
            return SILENCE;
        }
        for (int frame = 0; frame < 100; frame++) {
            if (valueOf(frame) == out[0]) {
                return frame;
            }
        }
        throw new AssertionError("Unknown frame value " + out[0]);
    }

    private List<Integer> playTicks(int ticks) {
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            played.add(play());
        }
        return played;
    }

    @Test
    void emptyBufferPlaysSilenceNeverNoise() {
        assertThat(playTicks(3)).containsExactly(SILENCE, SILENCE, SILENCE);
        assertThat(buffer.underruns()).isZero();
    }

    @Test
    void playsInOrder() {
        List<Integer> played = new ArrayList<>();
        for (int seq = 10; seq < 15; seq++) {
            insert(seq);
            played.add(play());
        }
        assertThat(played).containsExactly(10, 11, 12, 13, 14);
        assertThat(buffer.lost()).isZero();
        assertThat(buffer.late()).isZero();
    }

    @Test
    void reordersWithinTheWindow() {
        insert(20);
        insert(22);
        insert(21);
        assertThat(playTicks(4)).containsExactly(20, 21, 22, SILENCE);
        assertThat(buffer.lost()).isZero();
        assertThat(buffer.underruns()).isEqualTo(1);
    }

    @Test
    void waitsForAMissingFrameUntilTheWindowIsFullThenCountsItLost() {
        insert(30);
        assertThat(play()).isEqualTo(30);
        insert(32);
        assertThat(play()).as("31 may still come").isEqualTo(SILENCE);
        insert(33);
        assertThat(play()).as("33 is capacity-1 ahead: 31 is lost").isEqualTo(SILENCE);
        assertThat(buffer.lost()).isEqualTo(1);
        assertThat(playTicks(3)).containsExactly(32, 33, SILENCE);
        insert(31);
        assertThat(buffer.late()).isEqualTo(1);
    }

    @Test
    void dropsLateAndDuplicatePackets() {
        insert(40);
        insert(41);
        insert(41);
        assertThat(buffer.duplicates()).isEqualTo(1);
        assertThat(play()).isEqualTo(40);
        insert(40);
        assertThat(buffer.late()).isEqualTo(1);
        assertThat(playTicks(2)).containsExactly(41, SILENCE);
    }

    @Test
    void overflowMovesTheWindowAndBoundsLatency() {
        for (int seq = 50; seq < 56; seq++) {
            insert(seq);
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.overflows()).isEqualTo(3);
        assertThat(playTicks(4)).containsExactly(53, 54, 55, SILENCE);
    }

    @Test
    void survivesTheSixteenBitWrap() {
        insert(65534);
        insert(0);
        insert(65535);
        assertThat(playTicks(3)).containsExactly(65534 % 100, 65535 % 100, 0);
        insert(1);
        assertThat(play()).isEqualTo(1);
        assertThat(buffer.lost()).isZero();
        assertThat(buffer.late()).isZero();
    }

    @Test
    void aJumpIntoAnEmptyBufferRestartsTheSequence() {
        insert(60);
        assertThat(play()).isEqualTo(60);
        insert(5000);
        assertThat(play()).isEqualTo(5000 % 100);
        insert(100);
        assertThat(play()).as("far behind with nothing held: a restarted phone").isEqualTo(0);
        assertThat(buffer.lost()).isZero();
    }

    @Test
    void aGapOfAFewFramesIsCountedLost() {
        insert(70);
        assertThat(play()).isEqualTo(70);
        insert(80);
        assertThat(buffer.lost()).as("71..77 pushed out of the window").isEqualTo(7);
        insert(79);
        assertThat(playTicks(3)).containsExactly(SILENCE, 79, 80);
        assertThat(buffer.lost()).as("78 too").isEqualTo(8);
    }

    @Test
    void aFarJumpWithFramesHeldRestartsAndDropsThem() {
        insert(1);
        insert(2);
        insert(3000);
        assertThat(buffer.overflows()).isEqualTo(2);
        assertThat(buffer.lost()).isZero();
        assertThat(play()).isEqualTo(0);
    }

    @Test
    void shortPayloadsArePaddedWithSilence() {
        byte[] payload = new byte[80];
        Arrays.fill(payload, codeOf(7));
        buffer.insert(7, payload, 0, 80);
        buffer.playOut(G711Codec.PCMU, out);
        assertThat(out[0]).isEqualTo((short) valueOf(7));
        assertThat(out[79]).isEqualTo((short) valueOf(7));
        assertThat(out[80]).isZero();
        assertThat(out[159]).isZero();
    }

    @Test
    void capacityIsBounded() {
        assertThatThrownBy(() -> new JitterBuffer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JitterBuffer(11)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new JitterBuffer(10).capacity()).isEqualTo(10);
    }

    @Test
    void skippingMovesOnExactlyAsPlayingDoes() {
        JitterBuffer skipped = new JitterBuffer(3);
        byte[] payload = new byte[160];
        int[] arrivals = {10, 11, 13, 14, 15, 16, 12, 17};
        for (int seq : arrivals) {
            insert(seq);
            Arrays.fill(payload, codeOf(seq));
            skipped.insert(seq, payload, 0, 160);
            play();
            skipped.skipOut();
            assertThat(skipped.size()).isEqualTo(buffer.size());
        }
        for (int i = 0; i < 4; i++) {
            play();
            skipped.skipOut();
        }
        assertThat(List.of(skipped.played(), skipped.lost(), skipped.late(), skipped.underruns(), skipped.overflows()))
                .isEqualTo(List.of(buffer.played(), buffer.lost(), buffer.late(), buffer.underruns(), buffer.overflows()));
        assertThat(skipped.played()).isPositive();
    }
}
