package dev.switchboard.media.codec;

/**
 * ITU-T G.711 µ-law (PCMU). Decoding uses a 256-entry table; encoding uses a table of the 16,384 14-bit input
 * values G.711 distinguishes, built once from the arithmetic encoder below, so the 20 ms path does one lookup per
 * sample.
 */
public final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 8159;
    private static final int[] SEGMENT_ENDS = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};

    private static final short[] DECODE = new short[256];
    /** Indexed by the 14 most significant bits of the 16-bit sample (G.711 µ-law ignores the 2 lowest). */
    private static final byte[] ENCODE = new byte[1 << 14];

    static {
        for (int code = 0; code < 256; code++) {
            DECODE[code] = (short) decodeArithmetic(code);
        }
        for (int index = 0; index < ENCODE.length; index++) {
            int sample = (short) (index << 2);
            ENCODE[index] = (byte) encodeArithmetic(sample);
        }
    }

    private MuLaw() {
    }

    /** Decodes one µ-law byte to a 16-bit linear sample. */
    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }

    /** Encodes one 16-bit linear sample by table. */
    public static byte encode(short sample) {
        return ENCODE[(sample >> 2) & 0x3FFF];
    }

    /** The G.711 reference algorithm (as in the ITU / Sun {@code g711.c}), kept to build and check the tables. */
    public static int encodeArithmetic(int sample) {
        int value = sample >> 2;
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > CLIP) {
            value = CLIP;
        }
        value += BIAS >> 2;
        int segment = segmentOf(value);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = (segment << 4) | ((value >> (segment + 1)) & 0xF);
        return code ^ mask;
    }

    /** The G.711 reference decoder. */
    public static int decodeArithmetic(int code) {
        int inverted = ~code & 0xFF;
        int magnitude = ((inverted & 0x0F) << 3) + BIAS;
        magnitude <<= (inverted & 0x70) >> 4;
        return (inverted & 0x80) != 0 ? BIAS - magnitude : magnitude - BIAS;
    }

    private static int segmentOf(int value) {
        for (int segment = 0; segment < SEGMENT_ENDS.length; segment++) {
            if (value <= SEGMENT_ENDS[segment]) {
                return segment;
            }
        }
        return SEGMENT_ENDS.length;
    }
}
