package dev.switchboard.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.media.wav.WavReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecorderTest {

    @TempDir
    Path dir;

    @Test
    void writesAWavWithTheHeaderFixedOnClose() throws Exception {
        Path file = dir.resolve("call.wav");
        CallRecorder recorder = new CallRecorder(file, 8);
        for (int frame = 0; frame < 20; frame++) {
            recorder.offer(frame(frame));
            if (frame % 4 == 3) {
                recorder.drain();
            }
        }
        recorder.pause();
        assertThat(recorder.wantsFrames()).isFalse();
        recorder.resume();
        recorder.offer(frame(99));
        assertThat(recorder.stop().isDone()).isFalse();
        assertThat(recorder.drain()).isTrue();
        assertThat(recorder.closedFuture().get(1, TimeUnit.SECONDS)).isEqualTo(file);

        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int dataBytes = 21 * 160 * 2;
        assertThat(header.getInt(4)).isEqualTo(36 + dataBytes);
        assertThat(header.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(header.getShort(22)).as("mono").isEqualTo((short) 1);
        assertThat(header.getInt(24)).isEqualTo(8000);
        assertThat(header.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(header.getInt(40)).isEqualTo(dataBytes);
        short[] samples = WavReader.readMono8k(file);
        assertThat(samples).hasSize(21 * 160);
        assertThat(samples[5 * 160]).isEqualTo((short) 5);
        assertThat(samples[20 * 160]).isEqualTo((short) 99);
        assertThat(recorder.droppedFrames()).isZero();
    }

    @Test
    void aWriterThatFallsBehindLosesFramesNeverBlocksTheTicker() throws Exception {
        CallRecorder recorder = new CallRecorder(dir.resolve("slow.wav"), 4);
        for (int frame = 0; frame < 10; frame++) {
            recorder.offer(frame(frame));
        }
        assertThat(recorder.droppedFrames()).isEqualTo(6);
        recorder.stop();
        recorder.drain();
        short[] samples = WavReader.readMono8k(recorder.path());
        assertThat(samples).hasSize(4 * 160);
        assertThat(samples[3 * 160]).isEqualTo((short) 3);
    }

    private static short[] frame(int value) {
        short[] samples = new short[160];
        Arrays.fill(samples, (short) value);
        return samples;
    }
}
