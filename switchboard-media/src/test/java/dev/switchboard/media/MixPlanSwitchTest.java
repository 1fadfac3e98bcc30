package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.codec.MuLaw;
import dev.switchboard.media.mix.HoldSource;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through real sockets, one tick at a time on a fake clock: each phone speaks a constant, so the value a phone
 * receives names exactly whom it heard, and a new plan shows on the very next tick.
 */
class MixPlanSwitchTest {

    private static final short[] VOICE = {1000, 3000, 9000};
    private static final short MUSIC = 500;

    private SteppedEngine stepped;
    private final TestPhone[] phones = new TestPhone[3];
    private final MediaLeg[] legs = new MediaLeg[3];
    private MediaRoom room;

    @BeforeEach
    void setUp() throws IOException {
        stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24100, 24199), MediaListener.NONE);
        room = stepped.engine.openRoom("call-1");
        String[] names = {"customer", "agent", "supervisor"};
        for (int i = 0; i < 3; i++) {
            phones[i] = new TestPhone(G711Codec.PCMU);
            legs[i] = room.addLeg(names[i]);
            phones[i].target(legs[i]);
            legs[i].configure(LegMedia.of(G711Codec.PCMU, phones[i].address()));
        }
        short[] music = new short[1600];
        Arrays.fill(music, MUSIC);
        legs[0].setHoldSource(HoldSource.of(music));
    }

    @AfterEach
    void tearDown() throws IOException {
        stepped.close();
        for (TestPhone phone : phones) {
            phone.close();
        }
    }

    @Test
    void theNextTickMixesByTheNewPlan() throws IOException {
        assertThat(legs).extracting(MediaLeg::slot).containsExactly(0, 1, 2);
        MixPlan listen = MixPlan.builder().hears(0, 1).hears(1, 0).hears(2, 0, 1).build();
        MixPlan coach = MixPlan.builder().hears(0, 1).hears(1, 0, 2).hears(2, 0, 1).build();
        MixPlan barge = MixPlan.everyoneHearsEveryone(0, 1, 2);
        MixPlan customerHeld = MixPlan.builder().hearsHoldSource(0).hears(2, 1).build();

        assertThat(tick()).as("before any plan nobody hears anybody").containsExactly(0, 0, 0);
        room.setPlan(listen);
        assertThat(tick()).as("listen-in").containsExactly(heard(1), heard(0), heard(0, 1));
        room.setPlan(coach);
        assertThat(tick()).as("coach").containsExactly(heard(1), heard(0, 2), heard(0, 1));
        room.setPlan(barge);
        assertThat(tick()).as("barge-in").containsExactly(heard(1, 2), heard(0, 2), heard(0, 1));
        room.setPlan(customerHeld);
        assertThat(tick()).as("customer on hold").containsExactly(coded(MUSIC), 0, heard(1));
        room.setPlan(listen);
        assertThat(tick()).as("back to listen-in").containsExactly(heard(1), heard(0), heard(0, 1));
    }

    /** Every phone sends one frame, the engine runs one tick, every phone reads what it got. */
    private int[] tick() throws IOException {
        long[] before = new long[3];
        for (int i = 0; i < 3; i++) {
            before[i] = phones[i].packetsReceived();
            phones[i].sendConstant(VOICE[i]);
        }
        stepped.step();
        int[] values = new int[3];
        for (int i = 0; i < 3; i++) {
            TestPhone phone = phones[i];
            long had = before[i];
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                phone.receiveAll();
                return phone.packetsReceived() > had;
            });
            short[] frame = phone.lastFrame();
            for (short sample : frame) {
                assertThat(sample).isEqualTo(frame[0]);
            }
            values[i] = frame[0];
        }
        return values;
    }

    /** What a listener receives when it hears these slots: the sum of decoded voices, through PCMU again. */
    private static int heard(int... slots) {
        int sum = 0;
        for (int slot : slots) {
            sum += MuLaw.decode(MuLaw.encode(VOICE[slot]));
        }
        return coded(sum);
    }

    private static int coded(int value) {
        return MuLaw.decode(MuLaw.encode((short) value));
    }
}
