package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.G711Codec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inactivity on fake time; RFC 4733 digits received once per event and sent as start, updates and three ends. */
class InactivityAndDtmfTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private SteppedEngine stepped;
    private TestPhone phone;
    private MediaLeg leg;

    @BeforeEach
    void setUp() throws IOException {
        MediaListener listener = new MediaListener() {
            @Override
            public void digitReceived(MediaLeg from, char digit) {
                events.add(from.id() + " digit " + digit);
            }

            @Override
            public void legInactive(MediaLeg quiet) {
                events.add(quiet.id() + " inactive");
            }
        };
        stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24400, 24499).withInactivity(Duration.ofSeconds(30)), listener);
        MediaRoom room = stepped.engine.openRoom("call");
        phone = new TestPhone(G711Codec.PCMU);
        leg = room.addLeg("phone");
        phone.target(leg);
        leg.configure(LegMedia.of(G711Codec.PCMU, phone.address()));
    }

    @AfterEach
    void tearDown() throws IOException {
        stepped.close();
        phone.close();
    }

    @Test
    void aSilentLegIsReportedInactiveOnceAfterTheTimeout() throws IOException {
        stepped.clock.advanceMillis(29_900);
        stepped.step();
        assertThat(events).as("29.92 s of silence").isEmpty();
        stepped.clock.advanceMillis(60);
        stepped.step();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.equals(List.of("phone inactive")));
        stepped.clock.advanceMillis(10_000);
        stepped.step();
        assertThat(events).as("reported once").containsExactly("phone inactive");

        phone.sendConstant((short) 100);
        stepped.step();
        assertThat(leg.stats().lastPacketAgoMs()).isZero();
        stepped.clock.advanceMillis(30_000);
        stepped.step();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("phone inactive", "phone inactive");
    }

    @Test
    void eachReceivedEventIsReportedOnceNotPerPacket() throws IOException {
        sendDigit(5);
        sendDigit(11);
        sendDigit(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertThat(events).containsExactly("phone digit 5", "phone digit #", "phone digit 5");
        assertThat(leg.stats().digitsReceived()).isEqualTo(3);
        assertThat(leg.stats().lost()).as("event packets keep the audio sequence").isZero();
    }

    /** One event as a phone sends it: start, two updates, three ends, all with the timestamp of the start. */
    private void sendDigit(int event) throws IOException {
        long start = phone.timestamp();
        for (int packet = 0; packet < 6; packet++) {
            boolean end = packet >= 3;
            phone.sendEvent(event, end, Math.min(packet + 1, 3) * 160, start, packet == 0);
            stepped.step();
        }
        phone.sendConstant((short) 0);
        stepped.step();
    }

    @Test
    void sendDtmfEmitsRfc4733PacketsAndPausesAudio() throws IOException {
        leg.sendDtmf("1*");
        for (int tick = 0; tick < 25; tick++) {
            stepped.step();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            phone.receiveAll();
            return phone.packetsReceived() >= 25;
        });
        Map<Integer, String> byTimestamp = new TreeMap<>();
        for (int[] packet : phone.receivedEvents()) {
            String mark = packet[4] == 1 ? "M" : "";
            String end = packet[1] == 1 ? "E" : "";
            byTimestamp.merge(packet[3], (char) ('0' + packet[0]) + mark + end + packet[2], (a, b) -> a + " " + b);
        }
        assertThat(byTimestamp.values()).containsExactly(
                "1M160 1320 1480 1640 1800 1E800 1E800 1E800",
                ":M160 :320 :480 :640 :800 :E800 :E800 :E800");
        assertThat(phone.packetsReceived()).as("one packet per tick, audio in the gaps").isEqualTo(25);
    }
}
