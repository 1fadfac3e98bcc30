package dev.switchboard.media.codec;

/**
 * The two G.711 laws, with their static RTP payload types (RFC 3551). A leg's payload type is negotiated by the
 * signalling side and may differ from the static one; the codec only says how bytes become samples.
 */
public enum G711Codec {
    PCMU(0, "PCMU") {
        @Override
        public void encode(short[] samples, int sampleOffset, byte[] out, int outOffset, int count) {
            for (int i = 0; i < count; i++) {
                out[outOffset + i] = MuLaw.encode(samples[sampleOffset + i]);
            }
        }

        @Override
        public void decode(byte[] in, int inOffset, short[] samples, int sampleOffset, int count) {
            for (int i = 0; i < count; i++) {
                samples[sampleOffset + i] = MuLaw.decode(in[inOffset + i]);
            }
        }

        @Override
        public byte silence() {
            return (byte) 0xFF;
        }
    },
    PCMA(8, "PCMA") {
        @Override
        public void encode(short[] samples, int sampleOffset, byte[] out, int outOffset, int count) {
            for (int i = 0; i < count; i++) {
                out[outOffset + i] = ALaw.encode(samples[sampleOffset + i]);
            }
        }

        @Override
        public void decode(byte[] in, int inOffset, short[] samples, int sampleOffset, int count) {
            for (int i = 0; i < count; i++) {
                samples[sampleOffset + i] = ALaw.decode(in[inOffset + i]);
            }
        }

        @Override
        public byte silence() {
            return (byte) 0xD5;
        }
    };

    /** Samples per second: both laws are narrowband. */
    public static final int SAMPLE_RATE = 8000;
    /** Samples (and G.711 bytes) in one 20 ms frame. */
    public static final int FRAME_SAMPLES = 160;

    private final int staticPayloadType;
    private final String encodingName;

    G711Codec(int staticPayloadType, String encodingName) {
        this.staticPayloadType = staticPayloadType;
        this.encodingName = encodingName;
    }

    /** The payload type RFC 3551 assigns (0 or 8). */
    public int staticPayloadType() {
        return staticPayloadType;
    }

    /** The SDP {@code rtpmap} encoding name. */
    public String encodingName() {
        return encodingName;
    }

    /** Encodes {@code count} samples to {@code count} bytes. Allocates nothing. */
    public abstract void encode(short[] samples, int sampleOffset, byte[] out, int outOffset, int count);

    /** Decodes {@code count} bytes to {@code count} samples. Allocates nothing. */
    public abstract void decode(byte[] in, int inOffset, short[] samples, int sampleOffset, int count);

    /** The code of linear zero: what a silent frame is made of. */
    public abstract byte silence();
}
