package dev.switchboard.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TelephoneEventTest {

    @Test
    void mapsTheSixteenDtmfDigits() {
        String digits = "0123456789*#ABCD";
        for (int event = 0; event < 16; event++) {
            assertThat(TelephoneEvent.digitOf(event)).isEqualTo(digits.charAt(event));
            assertThat(TelephoneEvent.eventOf(digits.charAt(event))).isEqualTo(event);
        }
        assertThat(TelephoneEvent.eventOf('a')).isEqualTo(12);
        assertThat(TelephoneEvent.eventOf('E')).isEqualTo(-1);
        assertThat(TelephoneEvent.digitOf(16)).isEqualTo((char) 0);
        assertThat(TelephoneEvent.isDialable("12*#ABCD")).isTrue();
        assertThat(TelephoneEvent.isDialable("12x")).isFalse();
        assertThat(TelephoneEvent.isDialable("")).isFalse();
    }

    @Test
    void parsesWhatItBuilds() {
        byte[] payload = new byte[4];
        TelephoneEvent.write(payload, 0, 11, true, 10, 800);
        assertThat(TelephoneEvent.event(payload, 0)).isEqualTo(11);
        assertThat(TelephoneEvent.isEnd(payload, 0)).isTrue();
        assertThat(TelephoneEvent.volume(payload, 0)).isEqualTo(10);
        assertThat(TelephoneEvent.duration(payload, 0)).isEqualTo(800);
        // RFC 4733 figure: event 5, not end, volume 20, duration 0x0320
        byte[] wire = {5, 20, 0x03, 0x20};
        assertThat(TelephoneEvent.event(wire, 0)).isEqualTo(5);
        assertThat(TelephoneEvent.isEnd(wire, 0)).isFalse();
        assertThat(TelephoneEvent.volume(wire, 0)).isEqualTo(20);
        assertThat(TelephoneEvent.duration(wire, 0)).isEqualTo(800);
    }

    @Test
    void senderEmitsStartUpdatesThreeEndsThenAGapPerDigit() {
        DtmfSender sender = new DtmfSender();
        RtpStream stream = new RtpStream(9, 1000, 50_000);
        RtpHeader header = new RtpHeader();
        byte[] packet = new byte[64];
        List<String> sent = new ArrayList<>();
        sender.start("1#");
        int audioTicks = 0;
        while (sender.isPlaying()) {
            if (sender.isActive()) {
                int length = sender.writePacket(packet, 0, stream, 101, 160, stream.timestamp());
                header.read(packet, 0, length);
                int at = header.payloadOffset();
                sent.add(TelephoneEvent.digitOf(TelephoneEvent.event(packet, at)) + (header.marker() ? "M" : "")
                        + (TelephoneEvent.isEnd(packet, at) ? "E" : "") + TelephoneEvent.duration(packet, at) + "@"
                        + (header.timestamp() - 50_000));
            } else {
                sender.skipGapTick();
                audioTicks++;
            }
            stream.advance(160);
        }
        assertThat(sent).containsExactly(
                "1M160@0", "1320@0", "1480@0", "1640@0", "1800@0", "1E800@0", "1E800@0", "1E800@0",
                "#M160@1760", "#320@1760", "#480@1760", "#640@1760", "#800@1760", "#E800@1760", "#E800@1760", "#E800@1760");
        assertThat(audioTicks).isEqualTo(2 * DtmfSender.GAP_TICKS);
    }
}
