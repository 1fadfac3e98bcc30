package dev.switchboard.media.codec;

/**
 * ITU-T G.711 A-law (PCMA). Decoding uses a 256-entry table; encoding a table of the 8,192 13-bit input values
 * A-law distinguishes, built once from the reference arithmetic encoder.
 */
public final class ALaw {

    private static final int[] SEGMENT_ENDS = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private static final short[] DECODE = new short[256];
    /** Indexed by the 13 most significant bits of the 16-bit sample. */
    private static final byte[] ENCODE = new byte[1 << 13];

    static {
        for (int code = 0; code < 256; code++) {
            DECODE[code] = (short) decodeArithmetic(code);
        }
        for (int index = 0; index < ENCODE.length; index++) {
            int sample = (short) (index << 3);
            ENCODE[index] = (byte) encodeArithmetic(sample);
        }
    }

    private ALaw() {
    }

    /** Decodes one A-law byte to a 16-bit linear sample. */
    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }

    /** Encodes one 16-bit linear sample by table. */
    public static byte encode(short sample) {
        return ENCODE[(sample >> 3) & 0x1FFF];
    }

    /** The G.711 reference algorithm (as in the ITU / Sun {@code g711.c}), kept to build and check the tables. */
    public static int encodeArithmetic(int sample) {
        int value = sample >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = segmentOf(value);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = segment << 4;
        if (segment < 2) {
            code |= (value >> 1) & 0x0F;
        } else {
            code |= (value >> segment) & 0x0F;
        }
        return code ^ mask;
    }

    /** The G.711 reference decoder. */
    public static int decodeArithmetic(int code) {
        int value = (code ^ 0x55) & 0xFF;
        int magnitude = (value & 0x0F) << 4;
        int segment = (value & 0x70) >> 4;
        if (segment == 0) {
            magnitude += 8;
        } else if (segment == 1) {
            magnitude += 0x108;
        } else {
            magnitude += 0x108;
            magnitude <<= segment - 1;
        }
        return (value & 0x80) != 0 ? magnitude : -magnitude;
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
