package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.codec.MuLaw;
import dev.switchboard.media.mix.MixPlan;
import dev.switchboard.media.wav.WavReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine records the plan's recorded slots; pause leaves them out; stop closes a proper WAV. */
class EngineRecordingTest {

    @TempDir
    Path dir;

    @Test
    void recordsTheCallMixWithPauseAndResume() throws Exception {
        try (SteppedEngine stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24700, 24799), MediaListener.NONE);
             TestPhone customer = new TestPhone(G711Codec.PCMU);
             TestPhone agent = new TestPhone(G711Codec.PCMU);
             TestPhone supervisor = new TestPhone(G711Codec.PCMU)) {
            MediaRoom room = stepped.engine.openRoom("recorded");
            TestPhone[] phones = {customer, agent, supervisor};
            for (TestPhone phone : phones) {
                MediaLeg leg = room.addLeg("p");
                phone.target(leg);
                leg.configure(LegMedia.of(G711Codec.PCMU, phone.address()));
            }
            // Coaching: the supervisor talks to the agent only and is not in the recording.
            room.setPlan(MixPlan.builder().hears(0, 1).hears(1, 0, 2).hears(2, 0, 1).records(0, 1).build());
            Path file = dir.resolve("call.wav");
            room.startRecording(file);
            talk(stepped, phones, 10);
            room.pauseRecording();
            talk(stepped, phones, 5);
            room.resumeRecording();
            talk(stepped, phones, 5);
            Path written = room.stopRecording().get(5, TimeUnit.SECONDS);

            short[] samples = WavReader.readMono8k(written);
            assertThat(samples).hasSize(15 * 160);
            int expected = MuLaw.decode(MuLaw.encode((short) 1000)) + MuLaw.decode(MuLaw.encode((short) 3000));
            assertThat(samples).containsOnly((short) expected);
            assertThat(room.recorder().droppedFrames()).isZero();
        }
    }

    private static void talk(SteppedEngine stepped, TestPhone[] phones, int ticks) throws IOException {
        short[] voices = {1000, 3000, 9000};
        for (int tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < phones.length; i++) {
                phones[i].sendConstant(voices[i]);
            }
            stepped.step();
        }
    }
}
