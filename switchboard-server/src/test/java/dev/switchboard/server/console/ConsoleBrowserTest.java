package dev.switchboard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchboard.server.e2e.EndToEndTest;
import dev.switchboard.server.e2e.HeadlessChromium;
import dev.switchboard.server.e2e.NodeProjects;

/**
 * The console in headless Chromium, driven by Playwright ({@code playwright-core} 1.65.1, from the committed lock file,
 * {@code npm ci} into {@code target/console-browser-node}) through
 * {@code src/test/node/console-browser/console-scenario.js}, against a real server, once over each CometD transport
 * (the page's {@code ?transport=}): login (a wrong password first), agent1 Ready on the desktop, supervisor1 listening
 * in from the floor, a simulated call answered, both pages reloaded mid-call, Coach on the call (the supervisor stays
 * on it), a consultation conference and a consultation transfer from the desktop, Stop, an agent action from the
 * floor. Debian's Chromium
 * ({@code /usr/lib/chromium/chromium}, or {@code $CHROMIUM}). Without node, npm or Chromium the test is skipped, except
 * under {@code CI=true}, where it must run.
 */
class ConsoleBrowserTest extends EndToEndTest {
    private static final Path SOURCE = Path.of("src/test/node/console-browser");
    private static final Path WORK = Path.of("target/console-browser-node");
    private static final Path CHROMIUM = HeadlessChromium.EXECUTABLE;
    /** Where the scenario leaves its screenshots (the README's come from here: docs/images). */
    private static final Path SHOTS = Path.of("target/console-screenshots");

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void agentAndSupervisorWorkACallThroughTheConsole(String transport) throws Exception {
        HeadlessChromium.requireTools();
        install();
        Files.createDirectories(SHOTS.resolve(transport));
        List<String> command = new ArrayList<>(List.of("node", "console-scenario.js", server.baseUrl(), transport,
                SHOTS.resolve(transport).toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process script = builder.start();
        boolean exited = script.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            script.destroyForcibly();
        }
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the scenario ended within 180 s; output:%n%s", output).isTrue();
        assertThat(output.lines().filter(line -> line.startsWith("ok ")).toList()).as(output).contains(
                "ok wrong password refused on the login page",
                "ok agent1 logged in, desktop over " + transport,
                "ok supervisor1 sees the floor of Sales only",
                "ok agent1 Ready on the desktop",
                "ok agent1 turned do-not-disturb and forwarding on and off",
                "ok the floor shows agent1 Ready",
                "ok supervisor1 listens in on agent1 from the grid (AllCalls, Call)",
                "ok agent1 answered the customer's call",
                "ok agent1 held and retrieved the call, sent a digit, attached nested user data and a disposition",
                "ok the floor shows the call live; the supervisor is on it; the agent sees the indicator",
                "ok both pages reloaded mid-call: nothing lost",
                "ok a second tab shows the same desktop",
                "ok supervisor1 switched to Coach on the call and stayed on it",
                "ok agent1 made a consultation conference with agent2",
                "ok agent1 left the conference; wrap-up on the desktop and the floor",
                "ok the floor counts agent1's handled call (statistics API)",
                "ok the second call: supervisor1 coaches agent1",
                "ok agent1 transferred the call to agent2 (consultation); the floor shows agent2 on it",
                "ok supervisor1 stopped monitoring; the floor says why it ended",
                "ok supervisor1 set agent1 NotReady (Lunch) from the floor",
                "ok agent1 logged out: a reload asks for the password again");
        assertThat(output).as("no script error in the pages").doesNotContain("page error");
        assertThat(script.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output.strip()).endsWith("PASS");
    }

    /** Copies the scenario and its package files under target and runs {@code npm ci} unless the same lock is installed. */
    private static void install() throws IOException, InterruptedException {
        NodeProjects.install(SOURCE, WORK, "playwright-core", "package.json", "package-lock.json", "console-scenario.js",
                "scenario-steps.js");
    }
}
