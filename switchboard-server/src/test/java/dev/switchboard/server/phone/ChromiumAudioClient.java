package dev.switchboard.server.phone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.switchboard.server.e2e.HeadlessChromium;
import dev.switchboard.server.e2e.NodeProjects;

/**
 * The page module {@code console/browser-audio.js} in headless Debian Chromium, driven by Playwright
 * ({@code playwright-core} 1.65.1 from the committed lock file, {@code npm ci} into {@code target/browser-audio-node})
 * through {@code src/test/node/browser-audio/audio-page.js}: on the server's {@code /examples/listen.html}, the page
 * imports the module as the server serves it, logs in to GWS with Basic (the session cookie then authenticates the
 * WebSocket), Chromium's fake microphone plays a WAV of the tone, and what the page receives is
 * dumped on demand. Without node, npm or Chromium the test is skipped, except under {@code CI=true}, where it must run.
 */
final class ChromiumAudioClient implements AudioClient {
    private static final Path SOURCE = Path.of("src/test/node/browser-audio");
    private static final Path WORK = Path.of("target/browser-audio-node");
    private static final Path CHROMIUM = HeadlessChromium.EXECUTABLE;

    private final Process script;
    private final Writer commands;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();

    /**
     * Checks the tools (skips without them, fails under {@code CI=true}), installs the script and writes the fake
     * microphone's WAV: 20 s of {@code toneHz} at 0.3 of full scale, 48 kHz.
     *
     * @return the script's directory
     */
    static Path prepare(int toneHz) throws IOException, InterruptedException {
        HeadlessChromium.requireTools();
        install();
        HeadlessChromium.writeToneWav(WORK.resolve("tone.wav"), toneHz, 48_000, 20);
        return WORK;
    }

    ChromiumAudioClient(Path work, String baseUrl, String user, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "audio-page.js", baseUrl, user, password,
                work.resolve("tone.wav").toAbsolutePath().toString())
                .directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        script = builder.start();
        commands = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "audio-page-output");
        reader.setDaemon(true);
        reader.start();
        try {
            expect("ok registered", 60);
        } catch (AssertionError | InterruptedException failed) {
            // The caller never gets this client to close: end the script and its Chromium here.
            close();
            throw failed;
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (transcript) {
                    transcript.append(line).append('\n');
                }
                output.add(line);
            }
        } catch (IOException e) {
            output.add("page error (output) " + e);
        }
    }

    /** The next line starting with {@code prefix}; a page error or the end of the script fails. */
    private String expect(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = output.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!script.isAlive() && output.isEmpty()) {
                    throw new AssertionError("the page's script ended; output:\n" + transcript());
                }
                continue;
            }
            if (line.startsWith("page error")) {
                throw new AssertionError("the page failed: " + line + "\noutput:\n" + transcript());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no '" + prefix + "' within " + seconds + " s; output:\n" + transcript());
    }

    private String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    @Override
    public synchronized short[] heard() throws Exception {
        commands.write("dump\n");
        commands.flush();
        expect("dumped", 10);
        byte[] bytes = Files.readAllBytes(WORK.resolve("heard.raw"));
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    @Override
    public void close() throws Exception {
        try {
            if (script.isAlive()) {
                commands.write("quit\n");
                commands.flush();
            }
        } catch (IOException gone) {
            // Already ended.
        }
        if (!script.waitFor(15, TimeUnit.SECONDS)) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            script.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Copies the script and its package files under target and runs {@code npm ci} unless the same lock is installed. */
    private static void install() throws IOException, InterruptedException {
        NodeProjects.install(SOURCE, WORK, "playwright-core", "package.json", "package-lock.json", "audio-page.js");
    }
}
