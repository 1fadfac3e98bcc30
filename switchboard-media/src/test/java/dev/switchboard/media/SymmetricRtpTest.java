package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.codec.MuLaw;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RTP is accepted only from the signalled address, or in NAT mode from the first source seen from that host. */
class SymmetricRtpTest {

    private SteppedEngine stepped;
    private MediaRoom room;
    private TestPhone phone;
    private TestPhone intruder;
    private TestPhone listenerPhone;
    private MediaLeg leg;

    @BeforeEach
    void setUp() throws IOException {
        stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24300, 24399), MediaListener.NONE);
        room = stepped.engine.openRoom("call");
        phone = new TestPhone(G711Codec.PCMU);
        intruder = new TestPhone(G711Codec.PCMU);
        listenerPhone = new TestPhone(G711Codec.PCMU);
        leg = room.addLeg("caller");
        MediaLeg listener = room.addLeg("listener");
        phone.target(leg);
        intruder.target(leg);
        listenerPhone.target(listener);
        listener.configure(LegMedia.of(G711Codec.PCMU, listenerPhone.address()));
        room.setPlan(MixPlan.builder().hears(listener.slot(), leg.slot()).build());
    }

    @AfterEach
    void tearDown() throws IOException {
        stepped.close();
        phone.close();
        intruder.close();
        listenerPhone.close();
    }

    @Test
    void packetsFromAnotherSourceAreIgnoredAndCounted() throws IOException {
        leg.configure(LegMedia.of(G711Codec.PCMU, phone.address()));
        intruder.sendConstant((short) 5000);
        stepped.step();
        assertThat(heardByListener()).as("the intruder is not heard").isZero();
        phone.sendConstant((short) 1000);
        stepped.step();
        assertThat(heardByListener()).isEqualTo(MuLaw.decode(MuLaw.encode((short) 1000)));
        assertThat(leg.stats().wrongSource()).isEqualTo(1);
        assertThat(leg.stats().rtpReceived()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            phone.receiveAll();
            intruder.receiveAll();
            return phone.packetsReceived() == 2;
        });
        assertThat(intruder.packetsReceived()).as("nothing is sent to the intruder").isZero();
    }

    @Test
    void natModeLatchesToTheFirstSourceFromTheSignalledHost() throws IOException {
        // The SDP said port 9 (a NAT's idea of the phone); the packets really come from the phone's port.
        leg.configure(new LegMedia(G711Codec.PCMU, 0, 101, new InetSocketAddress("127.0.0.1", 9), true));
        phone.sendConstant((short) 1000);
        stepped.step();
        assertThat(heardByListener()).isEqualTo(MuLaw.decode(MuLaw.encode((short) 1000)));
        intruder.sendConstant((short) 5000);
        phone.sendConstant((short) 2000);
        stepped.step();
        assertThat(heardByListener()).isEqualTo(MuLaw.decode(MuLaw.encode((short) 2000)));
        assertThat(leg.stats().wrongSource()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            phone.receiveAll();
            return phone.packetsReceived() >= 2;
        });
        intruder.receiveAll();
        assertThat(intruder.packetsReceived()).isZero();
    }

    @Test
    void packetsBeforeTheLegIsConfiguredAreIgnored() throws IOException {
        phone.sendConstant((short) 1000);
        stepped.step();
        assertThat(heardByListener()).isZero();
        assertThat(leg.stats().wrongSource()).isEqualTo(1);
        assertThat(leg.stats().lastPacketAgoMs()).isEqualTo(-1);
    }

    private int heardByListener() throws IOException {
        long had = listenerPhone.packetsReceived();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            listenerPhone.receiveAll();
            return listenerPhone.packetsReceived() > had;
        });
        return listenerPhone.lastFrame()[0];
    }
}
