package dev.switchboard.server.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;

/**
 * The CometD examples against a real quiet demo: the browser page and every module it imports are served, and the Node
 * example ({@code examples/node}, installed with {@code npm ci}) logs in, handshakes with the session cookie and gets
 * the user's DeviceStateChangeMessages over websocket and over long-polling. Without Node the Node part is skipped,
 * except under {@code CI=true}, where it must run. Where Chromium is installed, the page runs in it headless.
 */
@Timeout(300)
class CometdExamplesIT {
    private static final Pattern IMPORT = Pattern.compile("(?:import|export)[^;]*?from\\s*\"\\./([A-Za-z0-9/]+\\.js)\"");
    private static final Duration NODE = Duration.ofSeconds(60);
    private static final Duration NPM = Duration.ofSeconds(180);

    @TempDir
    static Path temp;

    private static SwitchboardServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.start(new SwitchboardServer.Options(ConfigLoader.loadDemo(), temp.resolve("data"), 0, null, 0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndEveryModuleItImportsAreServed() throws Exception {
        HttpResponse<String> page = get("/examples/cometd.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("import {CometD} from \"./cometd/cometd.js\"", "/api/v2/notifications", "/v2/me/*");
        assertThat(get("/examples/").body()).isEqualTo(page.body());

        Deque<String> pending = new ArrayDeque<>(List.of("cometd/cometd.js"));
        Set<String> served = new HashSet<>();
        while (!pending.isEmpty()) {
            String module = pending.pop();
            if (!served.add(module)) {
                continue;
            }
            HttpResponse<String> script = get("/examples/" + module);
            assertThat(script.statusCode()).as(module).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).as(module)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
            String dir = module.contains("/") ? module.substring(0, module.lastIndexOf('/') + 1) : "";
            for (Matcher imported = IMPORT.matcher(script.body()); imported.find(); ) {
                pending.add(dir + imported.group(1));
            }
        }
        assertThat(served).contains("cometd/Client.js", "cometd/WebSocketTransport.js", "cometd/LongPollingTransport.js");
    }

    @Test
    void onlyTheExamplesAreServed() throws Exception {
        for (String path : List.of("/examples/missing.js", "/examples/cometd/LICENSE", "/examples/%2e%2e/logback.xml",
                "/examples/cometd/../../store/migration/V1__identity_and_agent_history.sql")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).startsWith("{\"statusCode\":");
        }
    }

    @Test
    void theNodeExampleListensOverWebsocketAndLongPolling() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(ci || onPath("node") && onPath("npm"), "Node.js and npm are not installed");
        Path example = repositoryRoot().resolve("examples/node");
        Run install = run(example, NPM, List.of("npm", "ci", "--no-audit", "--no-fund"), null);
        assertThat(install.exitCode()).as("npm ci:%n%s", install.output()).isZero();

        Run websocket = run(example, NODE, List.of("node", "listen.js", "--url", server.baseUrl(), "--transport", "websocket",
                "--ready", "--count", "2"), "agent3");
        assertThat(websocket.exitCode()).as(websocket.output()).isZero();
        assertThat(websocket.output()).contains("logged in as agent3", "handshake over websocket", "subscribed to /v2/me/*",
                "/v2/me/devices DeviceStateChangeMessage NotReady", "/v2/me/devices DeviceStateChangeMessage Ready");

        Run longPolling = run(example, NODE, List.of("node", "listen.js", "--url", server.baseUrl(), "--transport", "long-polling",
                "--ready", "--count", "2"), "agent4");
        assertThat(longPolling.exitCode()).as(longPolling.output()).isZero();
        assertThat(longPolling.output()).contains("logged in as agent4", "handshake over long-polling",
                "/v2/me/devices DeviceStateChangeMessage Ready");
    }

    @Test
    void thePageWorksInAHeadlessBrowser() throws Exception {
        // .ci/run installs Chromium: in CI this part must run; elsewhere, without it (apt-get install chromium), it is skipped.
        String browser = onPath("chromium") ? "chromium" : onPath("chromium-browser") ? "chromium-browser" : null;
        if (browser == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Chromium is not installed, and in CI the served page must run in it");
        }
        Assumptions.assumeTrue(browser != null, "Chromium is not installed");
        // #run=agent5: the page logs in, handshakes, subscribes, and only then starts the session and goes Ready.
        Process chromium = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory(temp, "chromium"), server.baseUrl() + "/examples/cometd.html#run=agent5")
                .redirectErrorStream(true).redirectOutput(Files.createTempFile(temp, "chromium", ".txt").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> devices = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                                + "/api/v2/me/devices?fields=userState")).header("Authorization", "Basic "
                                + java.util.Base64.getEncoder().encodeToString("agent5:password".getBytes(StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(devices.body()).contains("\"state\":\"Ready\"");
            });
        } finally {
            ProcessHandle.of(chromium.pid()).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
            chromium.waitFor(10, TimeUnit.SECONDS);
        }
    }

    record Run(int exitCode, String output) {
    }

    /** Runs a command to its end (bounded), output to a file; the process is killed by its PID when it overruns. */
    private static Run run(Path dir, Duration limit, List<String> command, String user) throws IOException, InterruptedException {
        Path output = Files.createTempFile(temp, "run", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        if (user != null) {
            builder.environment().put("SWITCHBOARD_USER", user);
            builder.environment().put("SWITCHBOARD_PASSWORD", "password");
        }
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as("%s ended within %s:%n%s", command, limit, text).isTrue();
            return new Run(process.exitValue(), text);
        } finally {
            ProcessHandle.of(process.pid()).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/node")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No examples/node above " + Path.of("").toAbsolutePath());
    }
}
