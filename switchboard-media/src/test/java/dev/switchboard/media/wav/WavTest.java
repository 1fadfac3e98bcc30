package dev.switchboard.media.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.media.mix.HoldSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackEverySample() throws IOException {
        short[] samples = new short[10_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7 - 30_000);
        }
        Path file = dir.resolve("music.wav");
        try (WavWriter writer = new WavWriter(file)) {
            writer.write(samples, 0, 3000);
            writer.write(samples, 3000, 7000);
            assertThat(writer.samplesWritten()).isEqualTo(10_000);
        }
        assertThat(Files.size(file)).isEqualTo(44 + 20_000);
        assertThat(WavReader.readMono8k(file)).containsExactly(samples);
        HoldSource music = HoldSource.fromWav(file);
        assertThat(music.length()).isEqualTo(10_000);
    }

    @Test
    void aHeaderNeverFixedStillReads() throws IOException {
        Path file = dir.resolve("crashed.wav");
        ByteBuffer bytes = WavWriter.header(0);
        byte[] content = new byte[44 + 320];
        bytes.get(content, 0, 44);
        content[44] = 1;
        Files.write(file, content);
        short[] samples = WavReader.readMono8k(file);
        assertThat(samples).hasSize(160);
        assertThat(samples[0]).isEqualTo((short) 1);
    }

    @Test
    void refusesOtherFormats() throws IOException {
        Path file = dir.resolve("stereo.wav");
        ByteBuffer header = WavWriter.header(4).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(22, (short) 2);
        byte[] content = new byte[48];
        header.get(content, 0, 44);
        Files.write(file, content);
        assertThatThrownBy(() -> WavReader.readMono8k(file)).isInstanceOf(IOException.class).hasMessageContaining("2 channels");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> WavReader.readMono8k(file)).isInstanceOf(IOException.class).hasMessageContaining("not a RIFF");
    }
}
