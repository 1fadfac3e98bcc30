package dev.switchboard.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711CodecTest {

    @Test
    void muLawDecodesReferenceValues() {
        // ITU-T G.711 table 2a / the Sun reference decoder.
        assertThat(MuLaw.decode((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(MuLaw.decode((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(MuLaw.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(MuLaw.decode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(MuLaw.decode((byte) 0xFE)).isEqualTo((short) 8);
        assertThat(MuLaw.decode((byte) 0x7E)).isEqualTo((short) -8);
        assertThat(MuLaw.decode((byte) 0xEF)).isEqualTo((short) 132);
    }

    @Test
    void aLawDecodesReferenceValues() {
        assertThat(ALaw.decode((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(ALaw.decode((byte) 0x55)).isEqualTo((short) -8);
        assertThat(ALaw.decode((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(ALaw.decode((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(ALaw.decode((byte) 0xD4)).isEqualTo((short) 24);
    }

    @Test
    void encodesReferenceValues() {
        assertThat(MuLaw.encode((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(MuLaw.encode((short) 3)).isEqualTo((byte) 0xFF);
        assertThat(MuLaw.encode((short) -1)).as("the reference shifts arithmetically: -1 is a step below zero").isEqualTo((byte) 0x7E);
        assertThat(MuLaw.encode(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(ALaw.encode((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(ALaw.encode((short) -1)).isEqualTo((byte) 0x55);
        assertThat(ALaw.encode(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(ALaw.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
    }

    @Test
    void tablesAgreeWithTheArithmeticForEverySample() {
        for (int sample = Short.MIN_VALUE; sample <= Short.MAX_VALUE; sample++) {
            assertThat(MuLaw.encode((short) sample) & 0xFF).as("mu %d", sample).isEqualTo(MuLaw.encodeArithmetic(sample));
            assertThat(ALaw.encode((short) sample) & 0xFF).as("A %d", sample).isEqualTo(ALaw.encodeArithmetic(sample));
        }
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            int muBack = MuLaw.encode(MuLaw.decode((byte) code)) & 0xFF;
            // 0x7F is µ-law's "negative zero": it decodes to 0, which encodes as 0xFF.
            assertThat(muBack).as("mu code %02x", code).isEqualTo(code == 0x7F ? 0xFF : code);
            assertThat(ALaw.encode(ALaw.decode((byte) code)) & 0xFF).as("A code %02x", code).isEqualTo(code);
        }
    }

    @Test
    void decodingIsMonotonicInMagnitudeAndRoundTripErrorIsWithinHalfAStep() {
        for (int sample = -32000; sample <= 32000; sample += 7) {
            int mu = MuLaw.decode(MuLaw.encode((short) sample));
            int a = ALaw.decode(ALaw.encode((short) sample));
            // G.711 steps grow with the segment: at most 1/16 of the magnitude, plus the finest step.
            assertThat(Math.abs(mu - sample)).as("mu %d", sample).isLessThanOrEqualTo(Math.abs(sample) / 16 + 8);
            assertThat(Math.abs(a - sample)).as("A %d", sample).isLessThanOrEqualTo(Math.abs(sample) / 16 + 16);
            assertThat(Integer.signum(mu) * Integer.signum(sample)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void bulkCodecMatchesPerSampleCalls() {
        short[] samples = {0, 1, -1, 100, -100, 12345, -12345, Short.MAX_VALUE, Short.MIN_VALUE};
        byte[] bytes = new byte[samples.length];
        short[] back = new short[samples.length];
        for (G711Codec codec : G711Codec.values()) {
            codec.encode(samples, 0, bytes, 0, samples.length);
            codec.decode(bytes, 0, back, 0, samples.length);
            for (int i = 0; i < samples.length; i++) {
                short expected = codec == G711Codec.PCMU ? MuLaw.decode(MuLaw.encode(samples[i])) : ALaw.decode(ALaw.encode(samples[i]));
                assertThat(back[i]).isEqualTo(expected);
            }
        }
        assertThat(G711Codec.PCMU.staticPayloadType()).isZero();
        assertThat(G711Codec.PCMA.staticPayloadType()).isEqualTo(8);
        assertThat(MuLaw.decode(G711Codec.PCMU.silence())).isZero();
        assertThat(Math.abs(ALaw.decode(G711Codec.PCMA.silence()))).isLessThanOrEqualTo(8);
    }
}
