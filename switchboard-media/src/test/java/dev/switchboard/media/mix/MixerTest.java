package dev.switchboard.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The who-hears-whom rules as a table. Each slot speaks a constant that is a distinct power of two, so every sum
 * names exactly who was heard.
 */
class MixerTest {

    static final int CUSTOMER = 0;
    static final int AGENT = 1;
    static final int SUPERVISOR = 2;
    static final short[] VOICE = {1, 2, 4};

    private final Mixer mixer = new Mixer();

    static MixPlan listen() {
        return MixPlan.builder().hears(CUSTOMER, AGENT).hears(AGENT, CUSTOMER).hears(SUPERVISOR, CUSTOMER, AGENT)
                .records(CUSTOMER, AGENT).build();
    }

    static MixPlan coach() {
        return MixPlan.builder().hears(CUSTOMER, AGENT).hears(AGENT, CUSTOMER, SUPERVISOR).hears(SUPERVISOR, CUSTOMER, AGENT)
                .records(CUSTOMER, AGENT).build();
    }

    static MixPlan barge() {
        return MixPlan.everyoneHearsEveryone(CUSTOMER, AGENT, SUPERVISOR);
    }

    static MixPlan customerOnHold() {
        return MixPlan.builder().hearsHoldSource(CUSTOMER).hears(AGENT).hears(SUPERVISOR, AGENT).records(AGENT).build();
    }

    static Stream<Arguments> plans() {
        // expected sums for customer, agent, supervisor, and the recording
        return Stream.of(
                Arguments.of("listen-in", listen(), new int[] {2, 1, 3}, 3),
                Arguments.of("coach", coach(), new int[] {2, 5, 3}, 3),
                Arguments.of("barge-in", barge(), new int[] {6, 5, 3}, 7),
                Arguments.of("customer on hold", customerOnHold(), new int[] {100, 0, 2}, 2),
                Arguments.of("nobody hears anybody", MixPlan.SILENT, new int[] {0, 0, 0}, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void eachListenerHearsExactlyItsPlan(String name, MixPlan plan, int[] expected, int expectedRecording) {
        short[][] frames = new short[3][160];
        for (int slot = 0; slot < 3; slot++) {
            Arrays.fill(frames[slot], VOICE[slot]);
        }
        HoldSource music = HoldSource.of(constant(100, 480));
        short[] out = new short[160];
        for (int listener = 0; listener < 3; listener++) {
            mixer.mixFor(plan, listener, frames, music, 0, out);
            assertThat(out).as("%s: slot %d", name, listener).containsOnly((short) expected[listener]);
        }
        mixer.mixRecording(plan, frames, out);
        assertThat(out).as("%s: recording", name).containsOnly((short) expectedRecording);
    }

    @Test
    void aListenerNeverHearsItselfEvenIfAskedTo() {
        MixPlan plan = MixPlan.builder().hears(AGENT, AGENT, CUSTOMER).build();
        assertThat(plan.speakers(AGENT)).containsExactly(CUSTOMER);
        assertThat(plan.hears(AGENT, AGENT)).isFalse();
    }

    @Test
    void absentSlotsAreSkippedAndSumsSaturate() {
        short[][] frames = {constant(30000, 160), null, constant(30000, 160), constant(-30000, 160)};
        short[] out = new short[160];
        mixer.mixFor(MixPlan.builder().hears(1, 0, 2).build(), 1, frames, null, 0, out);
        assertThat(out).containsOnly(Short.MAX_VALUE);
        mixer.mixFor(MixPlan.builder().hears(0, 1, 3, 7).build(), 0, frames, null, 0, out);
        assertThat(out).containsOnly((short) -30000);
        frames[0] = constant(-30000, 160);
        mixer.mixFor(MixPlan.builder().hears(2, 0, 3).build(), 2, frames, null, 0, out);
        assertThat(out).containsOnly(Short.MIN_VALUE);
    }

    @Test
    void holdSourceLoopsAcrossTicks() {
        short[] loop = new short[250];
        for (int i = 0; i < loop.length; i++) {
            loop[i] = (short) i;
        }
        HoldSource music = HoldSource.of(loop);
        MixPlan plan = MixPlan.builder().hearsHoldSource(0).build();
        short[][] frames = new short[1][];
        short[] out = new short[160];
        int position = mixer.mixFor(plan, 0, frames, music, 0, out);
        assertThat(out[0]).isEqualTo((short) 0);
        assertThat(position).isEqualTo(160);
        position = mixer.mixFor(plan, 0, frames, music, position, out);
        assertThat(out[0]).isEqualTo((short) 160);
        assertThat(out[89]).isEqualTo((short) 249);
        assertThat(out[90]).isEqualTo((short) 0);
        assertThat(position).isEqualTo(70);
        int unchanged = mixer.mixFor(MixPlan.SILENT, 0, frames, music, position, out);
        assertThat(unchanged).as("a listener not on hold keeps its place in the music").isEqualTo(70);
    }

    private static short[] constant(int value, int length) {
        short[] samples = new short[length];
        Arrays.fill(samples, (short) value);
        return samples;
    }

    @Test
    void onlySlotsSomebodyHearsOrRecordsAreHeard() {
        MixPlan listen = MixPlan.builder().hears(CUSTOMER, AGENT).hears(AGENT, CUSTOMER).hears(SUPERVISOR, CUSTOMER, AGENT).build();
        assertThat(listen.isHeard(CUSTOMER)).isTrue();
        assertThat(listen.isHeard(AGENT)).isTrue();
        assertThat(listen.isHeard(SUPERVISOR)).as("a listening supervisor is heard by nobody").isFalse();
        assertThat(listen.isHeard(7)).isFalse();
        MixPlan recorded = MixPlan.builder().hears(CUSTOMER, AGENT).records(SUPERVISOR).build();
        assertThat(recorded.isHeard(SUPERVISOR)).as("the recording hears it").isTrue();
        assertThat(recorded.isHeard(CUSTOMER)).isFalse();
        assertThat(MixPlan.SILENT.isHeard(0)).isFalse();
    }
}
