package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./switchboard} launcher in a child process, as a user runs it (docs/compatibility.md): run by failsafe
 * after {@code package}, so the shaded jar is newer than the sources and the launcher must not rebuild. Every process
 * is stopped in a {@code finally}, forcibly when it does not stop in time.
 */
class LauncherIT {
    private static final Pattern READY = Pattern.compile("Switchboard ready on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);
    private static final Duration FAILURE = Duration.ofSeconds(60);
    private static final int SIGTERM_EXIT = 143;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The repository root: the nearest directory up from the working directory that holds the launcher. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("switchboard")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No ./switchboard launcher above " + Path.of("").toAbsolutePath());
    }

    /** One launcher process with its output collected as it comes. */
    private static final class Launched implements AutoCloseable {
        private final Process process;
        private final List<String> stdoutLines = new CopyOnWriteArrayList<>();
        private final StringBuffer stderr = new StringBuffer();
        private final CompletableFuture<Integer> readyPort = new CompletableFuture<>();
        private final Thread stdoutReader;
        private final Thread stderrReader;

        private Launched(Process process) {
            this.process = process;
            this.stdoutReader = drain(process.getInputStream(), "stdout", line -> {
                stdoutLines.add(line);
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    readyPort.complete(Integer.parseInt(ready.group(1)));
                }
            }, () -> readyPort.completeExceptionally(new IllegalStateException("standard output ended without the ready line")));
            this.stderrReader = drain(process.getErrorStream(), "stderr", line -> stderr.append(line).append('\n'), () -> { });
        }

        static Launched start(String... args) throws IOException {
            Path root = repositoryRoot();
            List<String> command = new ArrayList<>();
            command.add(root.resolve("switchboard").toString());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
            return new Launched(builder.start());
        }

        private static Thread drain(InputStream stream, String name, Consumer<String> onLine, Runnable onEnd) {
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        onLine.accept(line);
                    }
                } catch (IOException closed) {
                    // The process was destroyed while we read: what was read is kept.
                    onLine.accept("[" + name + " closed: " + closed.getMessage() + "]");
                } finally {
                    onEnd.run();
                }
            }, "launcher-" + name);
            reader.setDaemon(true);
            reader.start();
            return reader;
        }

        /** The port of the ready line; fails when it does not come within {@link #STARTUP}. */
        int awaitReady() throws InterruptedException {
            try {
                return readyPort.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException notReady) {
                return fail("No ready line within %s: %s%nstdout:%n%s%nstderr:%n%s", STARTUP, notReady.getMessage(),
                        String.join("\n", stdoutLines), stderr());
            }
        }

        /** Waits for the process to exit by itself; true when it did within {@code limit}. */
        boolean awaitExit(Duration limit) throws InterruptedException {
            boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                // Both pipes are at their end once the process is gone; let the readers take the last lines.
                stdoutReader.join(SHUTDOWN.toMillis());
                stderrReader.join(SHUTDOWN.toMillis());
            }
            return exited;
        }

        /** Sends SIGTERM (what {@link Process#destroy()} sends on Linux) and waits up to {@link #SHUTDOWN}. */
        boolean terminate() throws InterruptedException {
            process.destroy();
            return awaitExit(SHUTDOWN);
        }

        int exitCode() {
            return process.exitValue();
        }

        String stderr() {
            return stderr.toString();
        }

        List<String> stdoutLines() {
            return stdoutLines;
        }

        /** Kills what is left: the launcher and, should it be building, its children. */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private JsonNode get(int port, String path, String basicCredentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (basicCredentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("HTTP status of GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int httpStatus(int port, String path, String basicCredentials) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String[] demo(Path dataDir) {
        return new String[] {"demo", "--port", "0", "--sip-port", "0", "--data-dir", dataDir.toString(), "--traffic", "0"};
    }

    private static void assertNotRebuilt(Launched launched) {
        assertThat(launched.stderr()).as("the launcher must run the packaged jar, not rebuild it").doesNotContain("building");
    }

    private static void assertStopsCleanlyOnSigterm(Launched launched) throws InterruptedException {
        assertThat(launched.terminate()).as("exited within %s of SIGTERM; stderr:%n%s", SHUTDOWN, launched.stderr()).isTrue();
        assertThat(launched.exitCode()).as("exit code after SIGTERM; stderr:%n%s", launched.stderr()).isIn(0, SIGTERM_EXIT);
    }

    private static void assertPortClosed(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).as("port %d after exit", port).isInstanceOf(ConnectException.class);
    }

    @Test
    void demoStartsAnswersAndStopsCleanlyOnSigterm() throws Exception {
        try (Launched launched = Launched.start(demo(temp.resolve("data")))) {
            int port = launched.awaitReady();
            assertThat(port).isPositive();

            JsonNode version = get(port, "/api/v2/diagnostics/version", null);
            assertThat(version.path("statusCode").isInt()).isTrue();
            assertThat(version.path("statusCode").asInt()).isZero();
            assertThat(version.path("version").asText()).isNotBlank();

            JsonNode me = get(port, "/api/v2/me", "agent1:password");
            assertThat(me.path("statusCode").asInt()).isZero();
            assertThat(me.path("user").path("userName").asText()).isEqualTo("agent1");
            assertThat(me.path("user").path("id").asText()).matches("[0-9a-f]{32}");
            assertThat(httpStatus(port, "/api/v2/me", "agent1:wrong")).isEqualTo(401);

            assertStopsCleanlyOnSigterm(launched);
            assertPortClosed(port);
            assertThat(launched.stdoutLines()).filteredOn(line -> READY.matcher(line).find()).hasSize(1);
            assertNotRebuilt(launched);
        }
    }

    @Test
    void badConfigurationExitsNamingFilePathAndReason() throws Exception {
        Path config = temp.resolve("bad-role.yaml");
        Files.writeString(config, """
                server:
                  demoPasswords: true
                voiceEnvironments:
                  - name: Main
                    type: SipServer
                users:
                  - userName: boss
                    roles: [ROLE_AGENT, ROLE_BOSS]
                    password: password
                """);
        try (Launched launched = Launched.start("serve", "--config", config.toString(), "--port", "0", "--sip-port", "0",
                "--data-dir", temp.resolve("data").toString())) {
            assertThat(launched.awaitExit(FAILURE)).as("exited within %s", FAILURE).isTrue();
            assertThat(launched.exitCode()).isNotZero();
            assertThat(launched.stderr()).contains(config.toString(), "users[0].roles[1]", "unknown role 'ROLE_BOSS'");
            assertThat(launched.stdoutLines()).noneMatch(line -> READY.matcher(line).find());
            assertNotRebuilt(launched);
        }
    }

    @Test
    void userIdIsTheSameAfterARestartOnTheSameDataDirectory() throws Exception {
        Path dataDir = temp.resolve("data");
        JsonNode before;
        try (Launched first = Launched.start(demo(dataDir))) {
            before = get(first.awaitReady(), "/api/v2/me", "agent1:password").path("user");
            assertStopsCleanlyOnSigterm(first);
        }
        JsonNode after;
        try (Launched second = Launched.start(demo(dataDir))) {
            after = get(second.awaitReady(), "/api/v2/me", "agent1:password").path("user");
            assertStopsCleanlyOnSigterm(second);
            assertNotRebuilt(second);
        }
        assertThat(before.path("id").asText()).matches("[0-9a-f]{32}");
        assertThat(after.path("id").asText()).isEqualTo(before.path("id").asText());
        assertThat(after.path("contactCenterId").asText()).isEqualTo(before.path("contactCenterId").asText());
    }

    @Test
    void launcherRunsFromAnotherWorkingDirectory() throws Exception {
        // The script finds its jar from its own location, so it works wherever it is started from.
        Path root = repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("switchboard").toString(), "--version").directory(temp.toFile());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(FAILURE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("Switchboard ").doesNotContain("building");
        } finally {
            process.destroyForcibly();
        }
    }
}
