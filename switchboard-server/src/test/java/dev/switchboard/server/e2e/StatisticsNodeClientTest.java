package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Genesys's own Node client for the Statistics API, npm {@code genesys-statistics-client-js} 9.0.2, unchanged, against
 * a real server: {@code src/test/node/statistics-client/statistics-client.js} gets a token, initializes the client
 * (CometD long-polling at {@code /statistics/v3/notifications} with its bearer token), subscribes, sees the values
 * change as agent1 goes Ready and a simulated call to 7000 is answered and hung up, peeks, reads values without a
 * subscription and deletes the subscription. The packages are installed with {@code npm ci} (from the committed
 * lock file) into {@code target/statistics-client-node}; the test is skipped when {@code node} or {@code npm} is missing.
 */
class StatisticsNodeClientTest extends EndToEndTest {
    private static final Path SOURCE = Path.of("src/test/node/statistics-client");
    private static final Path WORK = Path.of("target/statistics-client-node");

    @Test
    void genesysNodeClientSubscribesReceivesUpdatesAsCallsFlowAndPeeks() throws Exception {
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "node and npm are needed for Genesys's Node client");
        install();
        Process script = new ProcessBuilder("node", "statistics-client.js", server.baseUrl()).directory(WORK.toFile())
                .redirectErrorStream(true).start();
        boolean exited = script.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            script.destroyForcibly();
        }
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the script ended within 90 s; output:%n%s", output).isTrue();
        assertThat(script.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output.lines().filter(line -> line.startsWith("ok ")).map(line -> line.replaceAll(" \\{.*", "")).toList())
                .as(output).contains("ok initialized", "ok createSubscription values", "ok update agent1 Ready", "ok update a call waits",
                        "ok update answered: none waits", "ok update agent1 handled one more", "ok service state Available",
                        "ok peekSubscriptionStats", "ok getStatValue", "ok getStatValues", "ok deleteSubscription");
        assertThat(output).contains("PASS");
    }

    /** Copies the script and its package files under target and runs {@code npm ci} unless the same lock is installed. */
    private static void install() throws IOException, InterruptedException {
        NodeProjects.install(SOURCE, WORK, "genesys-statistics-client-js", "package.json", "package-lock.json", "statistics-client.js");
    }

    private static boolean runs(String... command) {
        return NodeProjects.runs(command);
    }
}
