package dev.switchboard.server.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the browser tests share: Debian's Chromium ({@code /usr/lib/chromium/chromium}, or {@code $CHROMIUM}) with node and
 * npm to run Playwright, and the WAV a fake microphone plays ({@code --use-file-for-fake-audio-capture}).
 */
public final class HeadlessChromium {
    /** The browser Playwright launches. */
    public static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/lib/chromium/chromium"));

    private HeadlessChromium() {
    }

    /** Skips the test without node, npm or Chromium, except under {@code CI=true}, where it must run (fails). */
    public static void requireTools() {
        boolean tools = NodeProjects.runs("node", "--version") && NodeProjects.runs("npm", "--version") && Files.isExecutable(EXECUTABLE);
        if (!tools && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("node, npm and Chromium (" + EXECUTABLE + ") are needed, and under CI=true the browser test must run");
        }
        assumeTrue(tools, "node, npm and Chromium (" + EXECUTABLE + ") are needed for the browser test");
    }

    /** A mono 16-bit PCM WAV of a sine at 0.3 of full scale: Chromium's fake microphone loops it. */
    public static void writeToneWav(Path file, int toneHz, int rate, int seconds) throws IOException {
        int samples = rate * seconds;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) Math.round(0.3 * 32767 * Math.sin(2 * Math.PI * toneHz * i / (double) rate)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, wav.array());
    }
}
