package dev.switchboard.server.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;

/**
 * Runs the README's curl walk-through as written: every {@code bash} block of the section, one bash session, against a
 * real quiet demo ({@code --traffic 0}) on a free port, each command's output matched against the {@code # } lines
 * under it. A read (no {@code -d}) is retried for a few seconds until it matches, as events reach the store and the
 * metrics through hand-offs; a command that changes something runs once.
 */
@Timeout(120)
class ReadmeWalkthroughIT {
    static final String SECTION = "## Using it: a curl walk-through";
    private static final Duration COMMAND = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String END = "@@README-STEP-END@@";

    @TempDir
    Path temp;

    static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("No README.md above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theCurlWalkthroughWorksAsWritten() throws Exception {
        Assumptions.assumeTrue(onPath("curl") || "true".equals(System.getenv("CI")), "curl is not installed");
        List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.steps(Files.readString(readme()), SECTION);
        assertThat(steps).as("steps of the walk-through").hasSizeGreaterThan(20);

        try (SwitchboardServer server = SwitchboardServer.start(
                new SwitchboardServer.Options(ConfigLoader.loadDemo(), temp.resolve("data"), 0, null, 0));
             Bash bash = new Bash(Files.createDirectories(temp.resolve("walk")))) {
            String port = Integer.toString(server.port());
            for (ReadmeWalkthrough.Step step : steps) {
                String command = step.command().replace("127.0.0.1:8080", "127.0.0.1:" + port);
                if (step.expected().isEmpty()) {
                    assertThat(bash.run(command)).as("README line %d prints nothing:%n%s", step.line(), command).isEmpty();
                    continue;
                }
                ReadmeWalkthrough.Step withPort = new ReadmeWalkthrough.Step(step.line(), command,
                        step.expected().stream().map(line -> line.replace("127.0.0.1:8080", "127.0.0.1:" + port)).toList());
                if (step.changesState()) {
                    assertMatches(bash.run(command), withPort);
                } else {
                    await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                            .untilAsserted(() -> assertMatches(bash.run(command), withPort));
                }
            }
        }
    }

    private static void assertMatches(String output, ReadmeWalkthrough.Step step) {
        assertThat(output).as("README line %d:%n%s%nexpected (… = anything):%n%s", step.line(), step.command(),
                String.join("\n", step.expected())).matches(step.expectation());
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** One bash process fed a command at a time; each command's output (stdout and stderr) ends at a marker. */
    static final class Bash implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Bash(Path dir) throws IOException {
            process = new ProcessBuilder("bash", "--noprofile", "--norc").directory(dir.toFile()).redirectErrorStream(true).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    lines.add("[bash output closed: " + closed.getMessage() + "]");
                }
            }, "readme-bash");
            reader.setDaemon(true);
            reader.start();
        }

        /** Runs one command; its output with surrounding blank space removed. */
        String run(String command) throws IOException, InterruptedException {
            in.write(command + "\nprintf '\\n%s\\n' '" + END + "'\n");
            in.flush();
            List<String> output = new ArrayList<>();
            long deadline = System.nanoTime() + COMMAND.toNanos();
            for (String line = lines.poll(COMMAND.toMillis(), TimeUnit.MILLISECONDS); ; ) {
                assertThat(line).as("output of %s within %s (so far: %s)", command, COMMAND, output).isNotNull();
                if (line.equals(END)) {
                    break;
                }
                output.add(line);
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return String.join("\n", output).strip();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
