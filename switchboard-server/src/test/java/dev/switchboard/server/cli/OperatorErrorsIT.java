package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.store.PidFile;

/**
 * The packaged server in child processes, on what an operator meets: a port in use, a data directory another server
 * holds, and the log of a failed login (which must never hold the password). Every process is stopped by its PID in a
 * {@code finally}.
 */
class OperatorErrorsIT {
    private static final Pattern READY = Pattern.compile("Switchboard ready on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A server process whose output goes to files: a pipe read while the process is stopped can lose its last lines
     * ("Stream closed"), and the shutdown line is what is checked last.
     */
    final class Server implements AutoCloseable {
        final Process process;
        private final Path out;
        private final Path err;

        Server(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
            command.addAll(List.of(args));
            out = Files.createTempFile(temp, "stdout", ".txt");
            err = Files.createTempFile(temp, "stderr", ".txt");
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                throw new java.io.UncheckedIOException(unreadable);
            }
        }

        int awaitReady() {
            await().atMost(STARTUP).until(() -> READY.matcher(stdout()).find() || !process.isAlive());
            Matcher ready = READY.matcher(stdout());
            assertThat(ready.find()).as("ready line; stderr:%n%s", stderr()).isTrue();
            return Integer.parseInt(ready.group(1));
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).as("exited; stderr:%n%s", stderr()).isTrue();
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
            if (handle != null && handle.isAlive()) {
                handle.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    handle.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static Path jar() {
        Path jar = Path.of("target", "switchboard.jar").toAbsolutePath();
        assertThat(jar).as("the packaged server (run by failsafe after package)").isRegularFile();
        return jar;
    }

    private static void assertNoStackTrace(String output) {
        assertThat(output).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void aPortInUseIsNamedWithTheWayOut() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Server server = new Server("demo", "--port", Integer.toString(busy.getLocalPort()), "--traffic", "0",
                     "--data-dir", temp.resolve("data").toString(), "--sip-port", "0")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr()).contains("switchboard: cannot start: cannot listen on 127.0.0.1:" + busy.getLocalPort()
                    + ": the port is in use", "--port 0 for a free one");
            assertNoStackTrace(server.stderr());
            assertThat(server.stdout()).doesNotContain("ready");
        }
    }

    @Test
    void aDataDirectoryAnotherServerHoldsNamesItsPidAndTheFailedLoginLogHasNoPassword() throws Exception {
        Path data = temp.resolve("data");
        try (Server first = new Server("demo", "--port", "0", "--sip-port", "0", "--traffic", "0", "--data-dir", data.toString())) {
            int port = first.awaitReady();
            assertThat(Files.readString(data.resolve(PidFile.NAME)).trim()).isEqualTo(Long.toString(first.process.pid()));
            try (Server second = new Server("demo", "--port", "0", "--sip-port", "0", "--traffic", "0", "--data-dir", data.toString())) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(second.stderr()).contains("switchboard: cannot start: the data directory "
                        + data.toAbsolutePath() + " is in use by another Switchboard (pid " + first.process.pid() + ",",
                        "start this one with another --data-dir");
                assertNoStackTrace(second.stderr());
            }

            String password = "Wr0ng-Secret-4711";
            assertThat(status(port, "agent1:" + password)).isEqualTo(401);
            HttpResponse<String> ok = get(port, "agent1:password");
            assertThat(ok.statusCode()).isEqualTo(200);
            String csrfToken = ok.headers().firstValue("X-CSRF-TOKEN").orElseThrow();
            String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0].split("=", 2)[1];
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(first.stderr())
                    .containsPattern("WARN +auth event=login-failed user=agent1 remote=127\\.0\\.0\\.1 path=/api/v2/me reason=bad-cred")
                    .containsPattern("INFO +auth event=login user=agent1 remote=127\\.0\\.0\\.1")
                    .containsPattern("INFO +access event=request method=GET path=/api/v2/me status=401 ms=[0-9.]+ user=- remote=127")
                    .containsPattern("INFO +access event=request method=GET path=/api/v2/me status=200 ms=[0-9.]+ user=agent1 "));
            first.process.destroy();
            assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String log = first.stderr();
            String basic = Base64.getEncoder().encodeToString(("agent1:" + password).getBytes(StandardCharsets.UTF_8));
            assertThat(log).containsPattern("event=stop notificationsDelivered=\\d+ recordsDelivered=\\d+ overflowed=0 store=closed");
            assertThat(log).contains("event=start version=", " jetty=", " cometd=", " port=" + port, " dataDir=" + data.toAbsolutePath())
                    .doesNotContain(password, basic, csrfToken, cookie);
            assertThat(data.resolve(PidFile.NAME)).as("removed at shutdown").doesNotExist();
        }
    }

    @Test
    void aYamlSyntaxErrorNamesLineColumnAndReason() throws Exception {
        Path config = temp.resolve("broken.yaml");
        Files.writeString(config, "server:\n  port: 1\n bad: 2\n");
        try (Server server = new Server("serve", "--config", config.toString(), "--sip-port", "0",
                "--data-dir", temp.resolve("data").toString())) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr()).contains("switchboard: bad configuration: " + config
                    + ": YAML syntax error at line 3, column 2: expected <block end>");
            assertNoStackTrace(server.stderr());
        }
    }

    private HttpResponse<String> get(int port, String credentials) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/me"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int status(int port, String credentials) throws IOException, InterruptedException {
        return get(port, credentials).statusCode();
    }
}
