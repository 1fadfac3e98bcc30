package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.ALaw;
import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.codec.MuLaw;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A PCMA phone and a PCMU phone (on a remapped payload type) hear each other: the mix is linear, codecs per leg. */
class MixedCodecTest {

    @Test
    void eachLegIsDecodedAndEncodedWithItsOwnCodec() throws IOException {
        try (SteppedEngine stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24800, 24899), MediaListener.NONE);
             TestPhone alaw = new TestPhone(G711Codec.PCMA);
             TestPhone ulaw = new TestPhone(G711Codec.PCMU)) {
            MediaRoom room = stepped.engine.openRoom("mixed");
            MediaLeg alawLeg = room.addLeg("a");
            MediaLeg ulawLeg = room.addLeg("u");
            alaw.target(alawLeg);
            ulaw.target(ulawLeg);
            alawLeg.configure(LegMedia.of(G711Codec.PCMA, alaw.address()));
            InetSocketAddress ulawAddress = ulaw.address();
            ulawLeg.configure(new LegMedia(G711Codec.PCMU, 0, 96, ulawAddress, false));
            room.setPlan(MixPlan.everyoneHearsEveryone(0, 1));

            alaw.sendConstant((short) 2000);
            ulaw.sendConstant((short) -5000);
            stepped.step();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                alaw.receiveAll();
                ulaw.receiveAll();
                return alaw.packetsReceived() == 1 && ulaw.packetsReceived() == 1;
            });
            short heardByAlaw = ALaw.decode(ALaw.encode(MuLaw.decode(MuLaw.encode((short) -5000))));
            short heardByUlaw = MuLaw.decode(MuLaw.encode(ALaw.decode(ALaw.encode((short) 2000))));
            assertThat(alaw.lastFrame()).containsOnly(heardByAlaw);
            assertThat(ulaw.lastFrame()).containsOnly(heardByUlaw);
        }
    }
}
