package dev.switchboard.bench.media;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;

import dev.switchboard.bench.full.ChildProcess;
import dev.switchboard.bench.full.Desk;
import dev.switchboard.bench.full.Prometheus;

/**
 * One media benchmark run through the real SIP path: the server jar as a child process with a generated contact
 * center and phones; two sipp UAS registered as every agent's and every supervisor's phone, answering and echoing the
 * RTP they get ({@code -rtp_echo}); agents logged in over REST and supervisors listening in on agents 1..S; then, per
 * step, a sipp UAC on the trunk placing that many concurrent calls to agents 1..N, each held open while the server's
 * metrics are read over a window. Every wait is bounded; every process started is stopped by its PID, also on failure.
 */
public final class MediaBenchRun {
    private static final Pattern READY = Pattern.compile("Switchboard ready on (http://127\\.0\\.0\\.1:\\d+, SIP on sip:\\S+)");
    private static final Pattern SIP_PORT = Pattern.compile("SIP on sip:[^:]+:(\\d+)");
    private static final String ENVIRONMENT = "environment=\"Bench\"";
    /** The limits of the server's {@code switchboard_media_ticks_below_total}, seconds as labelled, and ms. */
    private static final String[] LIMIT_LABELS = {"0.00025", "0.0005", "0.001", "0.002", "0.003", "0.004", "0.005", "0.0075",
        "0.01", "0.015", "0.02"};
    /** Time for a step's calls to be set up beyond the sipp rate's ramp, and the settling before the window. */
    private static final long SETUP_SLACK_SECONDS = 15;
    private static final long SETTLE_MILLIS = 2_000;

    /** What to run. */
    public record Settings(List<Integer> steps, int agents, int supervisors, double rate, Duration window, double p99LimitMs,
                           boolean allSteps, String rtpPorts, Path out, Path serverJar, List<String> serverJavaOptions,
                           Path sipp) {
    }

    /** What was measured: the steps, the saturation verdict and the run's settings as shown. */
    public record Result(List<MediaStep> steps, String verdict, Map<String, Object> settings) {
    }

    /** Progress lines (to stderr: stdout holds the report). */
    public interface Log {
        void line(String text);
    }

    private final Settings settings;
    private final Log log;
    private final List<SippProcess> sipps = new ArrayList<>();
    private HttpClient http;
    private String baseUrl;
    private String admin;
    private long serverPid;

    public MediaBenchRun(Settings settings, Log log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs every step (up to saturation unless {@code allSteps}) and returns the figures. */
    public Result run() throws Exception {
        Files.createDirectories(settings.out());
        Path data = Files.createTempDirectory("switchboard-bench-media-data");
        int trunkPort = freeUdpPort(false);
        int agentPhones = freeUdpPort(false);
        int supervisorPhones = freeUdpPort(false);
        Path config = settings.out().resolve("bench-media-contact-center.yaml");
        Files.writeString(config, MediaCenterYaml.generate(settings.agents(), settings.supervisors(), trunkPort));
        Deque<AutoCloseable> started = new ArrayDeque<>();
        List<MediaStep> steps = new ArrayList<>();
        try {
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaBin()));
            command.addAll(settings.serverJavaOptions());
            ChildProcess server = ChildProcess.start(ChildProcess.command(command, "-jar", settings.serverJar().toString(), "serve",
                    "--config", config.toString(), "--port", "0", "--sip-port", "0", "--rtp-ports", settings.rtpPorts(),
                    "--data-dir", data.toString(), "--traffic", "0", "--log-level", "WARN"),
                    settings.out().resolve("server.log"), READY, Duration.ofSeconds(180));
            started.push(server);
            serverPid = server.pid();
            String ready = server.baseUrl();
            baseUrl = ready.substring(0, ready.indexOf(','));
            Matcher sip = SIP_PORT.matcher(ready);
            if (!sip.find()) {
                throw new IllegalStateException("No SIP port in the ready line: " + ready);
            }
            int sipPort = Integer.parseInt(sip.group(1));
            log.line("server ready on " + baseUrl + ", SIP port " + sipPort + " (pid " + serverPid + ")");
            http = new HttpClient();
            http.setMaxConnectionsPerDestination(64);
            http.setHttpCookieStore(new HttpCookieStore.Empty());
            http.start();
            started.push(http::stop);
            admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + MediaCenterYaml.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));

            String target = "127.0.0.1:" + sipPort;
            register(target, "agents", agentPhones, dns(settings.agents(), MediaCenterYaml::agentDn));
            phones("agents", agentPhones, started);
            if (settings.supervisors() > 0) {
                register(target, "supervisors", supervisorPhones, dns(settings.supervisors(), MediaCenterYaml::supervisorDn));
                phones("supervisors", supervisorPhones, started);
            }
            logIn();
            for (int calls : settings.steps()) {
                MediaStep step = step(target, trunkPort, calls, started);
                steps.add(step);
                log.line(MediaStep.table(List.of(step)).lines().skip(2).findFirst().orElse(""));
                if (step.saturated() && !settings.allSteps()) {
                    break;
                }
            }
        } finally {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception failed) {
                    log.line("stopping: " + failed);
                }
            }
            deleteTree(data);
        }
        return new Result(steps, verdict(steps), shown());
    }

    private static List<String> dns(int count, java.util.function.IntFunction<String> dn) {
        List<String> dns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            dns.add(dn.apply(i));
        }
        return dns;
    }

    /** Registers {@code dns} with contacts on {@code port} (sipp on that port, then gone; the phones' sipp takes it). */
    private void register(String target, String name, int port, List<String> dns) throws Exception {
        StringBuilder injection = new StringBuilder("SEQUENTIAL\n");
        for (String dn : dns) {
            injection.append(dn).append(";[authentication username=").append(dn).append(" password=")
                    .append(MediaCenterYaml.PASSWORD).append("]\n");
        }
        Path dir = settings.out().resolve("sipp-register-" + name);
        Files.createDirectories(dir);
        Path file = dir.resolve("users.csv");
        Files.writeString(file, injection);
        try (SippProcess sipp = SippProcess.start(settings.sipp(), dir, "register", target, List.of("-inf", file.toString(),
                "-p", String.valueOf(port), "-m", String.valueOf(dns.size()), "-r", "200", "-l", "200", "-key", "expires", "3600",
                "-timeout", "60s", "-timeout_error"))) {
            int exit = sipp.waitFor(70);
            if (exit != 0) {
                throw new IllegalStateException("Registering the " + name + "' phones failed (sipp exit " + exit + ", see "
                        + sipp.log() + ")");
            }
        }
        log.line(dns.size() + " " + name + "' phones registered");
    }

    /** The phones of {@code name}: a sipp UAS on {@code port} answering every call and echoing its RTP. */
    private void phones(String name, int port, Deque<AutoCloseable> started) throws Exception {
        long budget = 120 + settings.steps().stream().mapToLong(c -> holdMillis(c) / 1000 + 90).sum();
        SippProcess uas = SippProcess.start(settings.sipp(), settings.out().resolve("sipp-phones-" + name), "uas_phone", null,
                List.of("-p", String.valueOf(port), "-mp", String.valueOf(freeUdpPort(true)), "-rtp_echo",
                        "-timeout", budget + "s"));
        started.push(uas);
        sipps.add(uas);
        log.line(name + "' phones: sipp UAS on 127.0.0.1:" + port + " (pid " + uas.pid() + ")");
    }

    /** Every user's contact-center session; supervisor i listens in on agent i's calls. */
    private void logIn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Desk>> agents = new ArrayList<>();
            for (int i = 1; i <= settings.agents(); i++) {
                String user = "agent" + i;
                agents.add(CompletableFuture.supplyAsync(() -> session(user), pool));
            }
            List<CompletableFuture<Desk>> supervisors = new ArrayList<>();
            for (int i = 1; i <= settings.supervisors(); i++) {
                String user = "supervisor" + i;
                supervisors.add(CompletableFuture.supplyAsync(() -> session(user), pool));
            }
            List<CompletableFuture<Void>> listening = new ArrayList<>();
            for (int i = 0; i < Math.min(settings.supervisors(), settings.agents()); i++) {
                Desk agent = agents.get(i).get(120, TimeUnit.SECONDS);
                Desk supervisor = supervisors.get(i).get(120, TimeUnit.SECONDS);
                listening.add(CompletableFuture.runAsync(() -> supervisor.operation("/api/v2/me/devices/" + supervisor.deviceId(),
                        "ListenIn", Map.of("targetDeviceUri", agent.deviceUri(), "supervisorMonitoringMode", "AllCalls",
                                "supervisorMonitoringScope", "Agent")).assertOk("ListenIn of " + supervisor.user()), pool));
            }
            CompletableFuture.allOf(agents.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            CompletableFuture.allOf(listening.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            log.line(settings.agents() + " agents logged in, " + listening.size() + " supervisors listening in");
        } finally {
            pool.shutdownNow();
        }
    }

    private Desk session(String user) {
        Desk desk = new Desk(http, baseUrl, user, MediaCenterYaml.PASSWORD);
        desk.login();
        desk.operation("/api/v2/me", "StartContactCenterSession", Map.of("channels", List.of("voice")))
                .assertOk("StartContactCenterSession of " + user);
        desk.deviceId(desk.get("/api/v2/me/devices?fields=*").assertOk("devices of " + user).body().path("devices").path(0)
                .path("id").asText());
        return desk;
    }

    /** How long each call of a step is held: the ramp at the rate, the set-up slack and the window. */
    private long holdMillis(int calls) {
        return (long) (calls / settings.rate() * 1000) + SETUP_SLACK_SECONDS * 1000 + settings.window().toMillis();
    }

    private MediaStep step(String target, int trunkPort, int calls, Deque<AutoCloseable> started) throws Exception {
        int monitored = Math.min(calls, Math.min(settings.supervisors(), settings.agents()));
        int expectedLegs = 2 * calls + monitored;
        Path dir = settings.out().resolve("sipp-customers-" + calls);
        Files.createDirectories(dir);
        Path file = dir.resolve("targets.csv");
        StringBuilder injection = new StringBuilder("SEQUENTIAL\n");
        for (int i = 1; i <= calls; i++) {
            injection.append(MediaCenterYaml.agentDn(i)).append('\n');
        }
        Files.writeString(file, injection);
        long hold = holdMillis(calls);
        log.line(String.format(Locale.ROOT, "step %d calls (%d monitored, %d legs expected): placing at %.0f/s, held %d s", calls,
                monitored, expectedLegs, settings.rate(), hold / 1000));
        SippProcess customers = SippProcess.start(settings.sipp(), dir, "uac_customer", target, List.of("-inf", file.toString(),
                "-p", String.valueOf(trunkPort), "-mp", String.valueOf(freeUdpPort(true)), "-rtp_echo", "-m", String.valueOf(calls),
                "-l", String.valueOf(calls), "-r", String.valueOf(settings.rate()), "-d", String.valueOf(hold),
                "-timeout", (hold / 1000 + 60) + "s", "-timeout_error"));
        started.push(customers);
        sipps.add(customers);
        try {
            long setUpBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hold - settings.window().toMillis() - SETTLE_MILLIS)
                    - TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < setUpBy && Prometheus.sum(scrape(), "switchboard_media_legs") < expectedLegs
                    && customers.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
            TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
            Snapshot before = snapshot();
            TimeUnit.MILLISECONDS.sleep(settings.window().toMillis());
            Snapshot after = snapshot();
            int exit = customers.waitFor(hold / 1000 + 70);
            long[] sippCalls = customers.calls();
            log.line("customers' sipp exit " + exit + ": " + sippCalls[0] + " successful, " + sippCalls[1] + " failed calls");
            long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < drainEnd && Prometheus.sum(scrape(), "switchboard_media_legs") > 0) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
            return figures(calls, before, after, sippCalls);
        } finally {
            customers.close();
            sipps.remove(customers);
            started.remove(customers);
        }
    }

    private MediaStep figures(int calls, Snapshot before, Snapshot after, long[] sippCalls) {
        double seconds = (after.nanos - before.nanos) / 1e9;
        String a = after.scrape;
        String b = before.scrape;
        int callsUp = (int) value(a, "switchboard_calls_active", ENVIRONMENT);
        int legs = (int) value(a, "switchboard_media_legs");
        double out = (value(a, "switchboard_media_rtp_packets", "direction=\"sent\"")
                - value(b, "switchboard_media_rtp_packets", "direction=\"sent\"")) / seconds;
        double in = (value(a, "switchboard_media_rtp_packets", "direction=\"received\"")
                - value(b, "switchboard_media_rtp_packets", "direction=\"received\"")) / seconds;
        long[] below = new long[LIMIT_LABELS.length];
        for (int i = 0; i < LIMIT_LABELS.length; i++) {
            String label = "limit=\"" + LIMIT_LABELS[i] + "\"";
            below[i] = (long) (value(a, "switchboard_media_ticks_below_total", label)
                    - value(b, "switchboard_media_ticks_below_total", label));
        }
        long all = (long) (value(a, "switchboard_media_ticks_below_total", "limit=\"+Inf\"")
                - value(b, "switchboard_media_ticks_below_total", "limit=\"+Inf\""));
        long late = (long) (value(a, "switchboard_media_ticks_late_total") - value(b, "switchboard_media_ticks_late_total"));
        double cpuServer = percent(after.serverCpu - before.serverCpu, seconds);
        double cpuSipp = percent(after.sippCpu - before.sippCpu, seconds);
        double cpuOther = percent((after.machineCpu - before.machineCpu) - (after.serverCpu - before.serverCpu)
                - (after.sippCpu - before.sippCpu), seconds);
        long failed = sippCalls[0] < 0 ? calls - callsUp : Math.max(0, sippCalls[1]) + Math.max(0, calls - sippCalls[0]);
        double p99 = quantile(below, all, 0.99);
        boolean saturated = p99 < 0 || p99 > settings.p99LimitMs() || late > 0 || failed > 0;
        return new MediaStep(calls, callsUp, Math.max(0, legs - 2 * callsUp), legs, out, in, quantile(below, all, 0.50), p99,
                quantile(below, all, 1.0), value(a, "switchboard_media_tick_max_seconds") * 1000, late, cpuServer, cpuSipp,
                cpuOther, value(a, "jvm_memory_used_bytes", "area=\"heap\"") / (1024 * 1024), failed, saturated);
    }

    /** The upper edge (ms) of the first limit below which at least {@code q} of the window's ticks fell; -1 beyond. */
    static double quantile(long[] below, long all, double q) {
        long rank = (long) Math.ceil(all * q);
        for (int i = 0; i < below.length; i++) {
            if (below[i] >= rank) {
                return Double.parseDouble(LIMIT_LABELS[i]) * 1000;
            }
        }
        return -1;
    }

    private static double percent(long nanos, double seconds) {
        return nanos < 0 ? Double.NaN : 100.0 * nanos / 1e9 / seconds;
    }

    private static double value(String scrape, String metric, String... labels) {
        double value = Prometheus.sum(scrape, metric, labels);
        if (Double.isNaN(value)) {
            throw new IllegalStateException("No " + metric + " " + List.of(labels) + " in the server's metrics");
        }
        return value;
    }

    private record Snapshot(long nanos, String scrape, long serverCpu, long sippCpu, long machineCpu) {
    }

    private Snapshot snapshot() throws Exception {
        long sipp = 0;
        for (SippProcess each : sipps) {
            sipp += Math.max(0, CpuClock.processNanos(each.pid()));
        }
        return new Snapshot(System.nanoTime(), scrape(), CpuClock.processNanos(serverPid), sipp, CpuClock.machineNanos());
    }

    private String scrape() throws Exception {
        ContentResponse response = http.newRequest(baseUrl + "/ext/v1/metrics").headers(h -> h.put(HttpHeader.AUTHORIZATION, admin))
                .timeout(10, TimeUnit.SECONDS).send();
        if (response.getStatus() != 200) {
            throw new IllegalStateException("GET /ext/v1/metrics: HTTP " + response.getStatus());
        }
        return response.getContentAsString();
    }

    private String verdict(List<MediaStep> steps) {
        for (MediaStep step : steps) {
            if (step.saturated()) {
                return String.format(Locale.ROOT, "saturated at %d concurrent calls (%d monitored, %d legs): tick p99 %s, %d late "
                        + "ticks, %d failed calls (limits: p99 %.1f ms, no late tick, no failed call)", step.calls(), step.monitored(),
                        step.legs(), step.tickP99Ms() < 0 ? "≥ 20 ms" : "≤ " + step.tickP99Ms() + " ms", step.lateTicks(),
                        step.failedCalls(), settings.p99LimitMs());
            }
        }
        return steps.isEmpty() ? "no step ran" : "not saturated up to " + steps.get(steps.size() - 1).calls() + " concurrent calls";
    }

    private Map<String, Object> shown() {
        Map<String, Object> shown = new java.util.LinkedHashMap<>();
        shown.put("steps", settings.steps());
        shown.put("agents", settings.agents());
        shown.put("supervisors", settings.supervisors());
        shown.put("callsPerSecond", settings.rate());
        shown.put("windowSeconds", settings.window().toMillis() / 1000.0);
        shown.put("p99LimitMs", settings.p99LimitMs());
        shown.put("rtpPorts", settings.rtpPorts());
        shown.put("serverJavaOptions", String.join(" ", settings.serverJavaOptions()));
        shown.put("cores", Runtime.getRuntime().availableProcessors());
        shown.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return shown;
    }

    /**
     * A UDP port free on 127.0.0.1 now; {@code withNext2} also wants port + 2 free (sipp's RTP echo also takes it), and
     * an even port.
     */
    static int freeUdpPort(boolean withNext2) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (!withNext2) {
                    return port;
                }
                if (port % 2 != 0 || port + 2 > 65_535) {
                    continue;
                }
                try (DatagramSocket alsoFree = new DatagramSocket(port + 2, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("No free UDP port pair on 127.0.0.1");
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
