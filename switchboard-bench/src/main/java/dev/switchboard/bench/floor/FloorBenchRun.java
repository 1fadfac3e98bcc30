package dev.switchboard.bench.floor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.bench.full.ChildProcess;

/**
 * One floor benchmark run: the generated contact center ({@link FloorCenterYaml}), the server jar as a child process
 * on a free port with a temporary data directory, then the Node script ({@code floor-bench.js}, installed by
 * {@link NodeProject}) driving Debian's Chromium with Playwright: supervisor1's floor timed from the login, then
 * measured while agents churn. Returns the script's figures with the run's settings and the machine's load. Every wait
 * is bounded; the server, node and the browser node started are stopped, also on failure or when the JVM is stopped.
 */
public final class FloorBenchRun {
    private static final Pattern READY = Pattern.compile("Switchboard ready on (http://127\\.0\\.0\\.1:\\d+)");
    private static final String RESULT = "RESULT ";

    /** What to run. */
    public record Settings(int agents, int churningAgents, Duration window, Path out, Path serverJar, List<String> serverJavaOptions,
                           Path chromium, Path nodeDir) {
    }

    /** Progress lines (to stderr: stdout holds the report). */
    public interface Log {
        void line(String text);
    }

    private final Settings settings;
    private final Log log;

    public FloorBenchRun(Settings settings, Log log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs the measurement and returns its figures: {@code settings}, {@code machine} and the script's own. */
    public ObjectNode run() throws Exception {
        Files.createDirectories(settings.out());
        ObjectNode report = new ObjectMapper().createObjectNode();
        ObjectNode shown = report.putObject("settings");
        shown.put("agents", settings.agents()).put("churningAgents", settings.churningAgents())
                .put("windowSeconds", settings.window().toSeconds())
                .put("serverJavaOptions", String.join(" ", settings.serverJavaOptions()));
        ObjectNode machine = report.putObject("machine");
        machine.put("date", Instant.now().toString()).put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("loadAverageAtStart", loadAverage());

        Path node = NodeProject.install(settings.nodeDir());
        log.line("playwright-core installed in " + node);
        Path config = settings.out().resolve("bench-floor-contact-center.yaml");
        Files.writeString(config, FloorCenterYaml.generate(settings.agents()), StandardCharsets.UTF_8);
        Path data = Files.createTempDirectory("switchboard-bench-floor-data");
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaBin()));
        command.addAll(settings.serverJavaOptions());
        Thread stopOnExit = null;
        try (ChildProcess server = ChildProcess.start(ChildProcess.command(command, "-jar", settings.serverJar().toString(), "serve",
                "--config", config.toString(), "--port", "0", "--sip-port", "0", "--data-dir", data.toString(), "--traffic", "0",
                "--log-level", "WARN"), settings.out().resolve("server.log"), READY, Duration.ofSeconds(300))) {
            log.line("server ready on " + server.baseUrl() + " (pid " + server.pid() + ") with " + settings.agents() + " agents");
            ProcessBuilder builder = new ProcessBuilder("node", NodeProject.SCRIPT, server.baseUrl(), String.valueOf(settings.agents()),
                    String.valueOf(settings.churningAgents()), String.valueOf(settings.window().toSeconds()))
                    .directory(node.toFile()).redirectErrorStream(true);
            builder.environment().put("CHROMIUM", settings.chromium().toString());
            Process script = builder.start();
            ProcessHandle serverHandle = ProcessHandle.of(server.pid()).orElse(null);
            stopOnExit = new Thread(() -> {
                stopTree(script.toHandle());
                if (serverHandle != null) {
                    serverHandle.destroy();
                }
            }, "bench-floor-stop");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            report.setAll(figures(script));
        } finally {
            if (stopOnExit != null) {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
            deleteTree(data);
        }
        machine.put("loadAverageAtEnd", loadAverage());
        return report;
    }

    /** The script's result line as JSON; its other lines go to the log and to {@code floor-bench.log}. */
    private ObjectNode figures(Process script) throws Exception {
        script.getOutputStream().close();
        CompletableFuture<String> result = new CompletableFuture<>();
        Path logFile = settings.out().resolve("floor-bench.log");
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(RESULT)) {
                        result.complete(line.substring(RESULT.length()));
                    } else {
                        log.line(line);
                        out.write(line);
                        out.newLine();
                        out.flush();
                    }
                }
            } catch (IOException | UncheckedIOException failed) {
                result.completeExceptionally(failed);
            }
            result.complete(null);
        }, "bench-floor-output");
        pump.setDaemon(true);
        pump.start();
        // The 10,000-agent login and its 30,000 statistics take seconds; the rest is the window and bounded waits.
        long bound = 240 + settings.window().toSeconds() + settings.agents() / 100;
        try {
            if (!script.waitFor(bound, TimeUnit.SECONDS)) {
                throw new IOException("The floor script did not finish within " + bound + " s (see " + logFile + ")");
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            String json = result.getNow(null);
            if (script.exitValue() != 0 || json == null) {
                throw new IOException("The floor script failed (exit " + script.exitValue() + "; see " + logFile + ")");
            }
            return (ObjectNode) new ObjectMapper().readTree(json);
        } finally {
            stopTree(script.toHandle());
        }
    }

    /** Ends a process and its descendants (node and the Chromium it started): SIGTERM, then SIGKILL after 5 s. */
    private static void stopTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle each : all) {
            try {
                each.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stillAlive) {
                each.destroyForcibly();
            }
        }
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unknown) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
