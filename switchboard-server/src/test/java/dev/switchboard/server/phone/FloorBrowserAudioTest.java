package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.directory.User;
import dev.switchboard.phone.BrowserAudio;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.e2e.HeadlessChromium;
import dev.switchboard.server.e2e.NodeProjects;

/**
 * The floor's "Audio in this browser" (issue 14) in headless Chromium, through
 * {@code src/test/node/console-browser/floor-audio-scenario.js}: agent1's desktop page carries agent1's audio (an
 * oscillator at 1000 Hz as its microphone), supervisor1 turns browser audio on on the floor (Chromium's fake microphone
 * plays 2000 Hz), listens in on a simulated call agent1 answered, switches to Coach on it, mutes, turns it off. From what
 * each page received: in ListenIn the floor hears agent1 and never itself; in Coach agent1 hears the floor; muted, it
 * does not.
 */
@Timeout(240)
class FloorBrowserAudioTest {
    private static final Path SOURCE = Path.of("src/test/node/console-browser");
    private static final Path WORK = Path.of("target/console-browser-node");

    @TempDir
    static Path dataDir;
    @TempDir
    Path out;

    private static SwitchboardServer server;

    @BeforeAll
    static void startServer() throws Exception {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        ContactCenterConfig config = demo.withSip(demo.sip().withPort(0).withRtpPorts("28000-28999"));
        server = SwitchboardServer.start(new SwitchboardServer.Options(config, dataDir, 0, null, 0).withPhones(true));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSupervisorListensInAndCoachesFromTheFloor() throws Exception {
        HeadlessChromium.requireTools();
        NodeProjects.install(SOURCE, WORK, "playwright-core", "package.json", "package-lock.json", "floor-audio-scenario.js",
                "scenario-steps.js");
        Path supervisorWav = out.resolve("supervisor.wav").toAbsolutePath();
        HeadlessChromium.writeToneWav(supervisorWav, PhoneFloor.SUPERVISOR_TONE, 48_000, 30);
        ProcessBuilder builder = new ProcessBuilder("node", "floor-audio-scenario.js", server.baseUrl(), supervisorWav.toString(),
                String.valueOf(PhoneFloor.AGENT_TONE), out.toAbsolutePath().toString()).directory(WORK.toFile()).redirectErrorStream(true);
        builder.environment().put("CHROMIUM", HeadlessChromium.EXECUTABLE.toString());
        Process script = builder.start();
        String output;
        try {
            boolean exited = script.waitFor(180, TimeUnit.SECONDS);
            if (!exited) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
            output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exited).as("the scenario ended within 180 s; output:%n%s", output).isTrue();
        } finally {
            endSessions();
        }
        assertThat(output).as("no script error in the pages").doesNotContain("page error");
        assertThat(output.strip()).as(output).endsWith("PASS");
        assertThat(output).contains("ok supervisor1 turned audio in this browser on: in this browser · DN 5005");

        List<String> failures = new ArrayList<>();
        expect(failures, "ListenIn, the floor", samples("floor-listenin.raw"), PhoneFloor.AGENT_TONE, true);
        expect(failures, "ListenIn, the floor (never its own voice)", samples("floor-listenin.raw"), PhoneFloor.SUPERVISOR_TONE, false);
        expect(failures, "Coach, agent1", samples("agent-coach.raw"), PhoneFloor.SUPERVISOR_TONE, true);
        expect(failures, "Coach muted, agent1", samples("agent-muted.raw"), PhoneFloor.SUPERVISOR_TONE, false);
        assertThat(failures).as("what the pages received; scenario output:%n%s", output).isEmpty();
        BrowserAudio browsers = server.phones().orElseThrow().browsers();
        await("every browser line and leg freed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(browsers.usage()).isEqualTo(new BrowserAudio.Usage(0, 0)));
    }

    private static void expect(List<String> failures, String phase, short[] samples, int toneHz, boolean heard) {
        // The first 600 ms settle (the socket's queue, the mixer's ring): as BrowserAudioTest.
        HeardTones.Verdict verdict = HeardTones.verdict(samples, HeardTones.SAMPLE_RATE * 6L / 10, samples.length, toneHz);
        if (heard ? !verdict.heard() : !verdict.absent()) {
            failures.add(phase + " should " + (heard ? "" : "not ") + "hear " + toneHz + " Hz: " + verdict);
        }
    }

    private short[] samples(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(out.resolve(name));
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private static void endSessions() throws Exception {
        for (String userName : List.of("agent1", "supervisor1")) {
            User user = server.contactCenter().directory().userByName(userName).orElseThrow();
            if (server.contactCenter().sessionPlace(user).isPresent()) {
                server.contactCenter().endSession(user).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
