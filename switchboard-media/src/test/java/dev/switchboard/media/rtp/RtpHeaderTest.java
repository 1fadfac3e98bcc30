package dev.switchboard.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    private final RtpHeader header = new RtpHeader();

    @Test
    void readsWhatItWrites() {
        byte[] packet = new byte[200];
        int length = RtpHeader.write(packet, 0, true, 8, 65535, 0xFFFF_FFF0L, 0xCAFEBABE);
        assertThat(length).isEqualTo(12);
        assertThat(header.read(packet, 0, 12 + 160)).isTrue();
        assertThat(header.marker()).isTrue();
        assertThat(header.payloadType()).isEqualTo(8);
        assertThat(header.sequenceNumber()).isEqualTo(65535);
        assertThat(header.timestamp()).isEqualTo(0xFFFF_FFF0L);
        assertThat(header.ssrc()).isEqualTo(0xCAFEBABE);
        assertThat(header.payloadOffset()).isEqualTo(12);
        assertThat(header.payloadLength()).isEqualTo(160);
    }

    @Test
    void skipsCsrcsExtensionAndPadding() {
        byte[] packet = new byte[300];
        RtpHeader.write(packet, 0, false, 0, 7, 160, 1);
        packet[0] = (byte) (0x80 | 0x20 | 0x10 | 2); // padding, extension, 2 CSRCs
        // 2 CSRCs: bytes 12..19; extension header at 20: profile 0xBEDE, length 1 word; extension word 24..27
        packet[22] = 0;
        packet[23] = 1;
        int payloadStart = 28;
        int padding = 4;
        int total = payloadStart + 160 + padding;
        packet[total - 1] = (byte) padding;
        assertThat(header.read(packet, 0, total)).isTrue();
        assertThat(header.payloadOffset()).isEqualTo(payloadStart);
        assertThat(header.payloadLength()).isEqualTo(160);
    }

    @Test
    void readsAtAnOffset() {
        byte[] packet = new byte[100];
        RtpHeader.write(packet, 10, false, 0, 42, 99, 5);
        assertThat(header.read(packet, 10, 12 + 20)).isTrue();
        assertThat(header.sequenceNumber()).isEqualTo(42);
        assertThat(header.payloadOffset()).isEqualTo(22);
        assertThat(header.payloadLength()).isEqualTo(20);
    }

    @Test
    void refusesWhatIsNotRtp() {
        byte[] packet = new byte[100];
        assertThat(header.read(packet, 0, 11)).as("too short").isFalse();
        packet[0] = (byte) 0x40;
        assertThat(header.read(packet, 0, 50)).as("version 1").isFalse();
        packet[0] = (byte) 0x8F; // 15 CSRCs do not fit in 50 bytes
        assertThat(header.read(packet, 0, 50)).as("CSRCs past the end").isFalse();
        packet[0] = (byte) 0xA0; // padding with a zero count
        packet[49] = 0;
        assertThat(header.read(packet, 0, 50)).as("zero padding").isFalse();
    }

    @Test
    void streamCountsSequenceAndTimestampWithWrapAndMarksTheFirstPacket() {
        RtpStream stream = new RtpStream(77, 65535, 0xFFFF_FF60L);
        byte[] packet = new byte[20];
        stream.writeHeader(packet, 0, 0, false, stream.timestamp());
        header.read(packet, 0, 12);
        assertThat(header.marker()).isTrue();
        assertThat(header.sequenceNumber()).isEqualTo(65535);
        assertThat(header.timestamp()).isEqualTo(0xFFFF_FF60L);
        stream.advance(160);
        stream.writeHeader(packet, 0, 0, false, stream.timestamp());
        header.read(packet, 0, 12);
        assertThat(header.marker()).isFalse();
        assertThat(header.sequenceNumber()).isZero();
        assertThat(header.timestamp()).isZero();
        assertThat(header.ssrc()).isEqualTo(77);
    }
}
