package dev.switchboard.bench.full;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.component.LifeCycle;

import dev.switchboard.bench.check.StreamChecker;
import dev.switchboard.bench.check.StreamKey;
import dev.switchboard.bench.check.StreamReport;
import dev.switchboard.bench.stats.LatencyRecorder;
import dev.switchboard.bench.stats.Percentiles;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/**
 * One benchmark run: the Switchboard server as a child process with a generated contact center, one real desk per
 * agent and supervisor, simulated customers at stepped rates, then the bare baseline as a child process with the same
 * clients. Every wait is bounded; both children are always stopped.
 */
public final class BenchRun {
    static final String LISTEN_IN = "ListenIn \u2192 supervisor DeviceStateChange";
    static final String READY = "Ready \u2192 DeviceStateChange";
    static final String ANSWER_AGENT = "Answer \u2192 Established (agent)";
    static final String ANSWER_SUPERVISOR = "Answer \u2192 Established (supervisor)";
    static final String BASELINE = "baseline POST \u2192 delivery";
    static final String BASELINE_LOADED = "baseline POST \u2192 delivery under load";
    /** The latencies measured under the stepped load: their ratios are to {@link #BASELINE_LOADED}. */
    static final Set<String> UNDER_LOAD = Set.of(ANSWER_AGENT, ANSWER_SUPERVISOR);
    private static final Pattern SERVER_READY = Pattern.compile("Switchboard ready on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern BASELINE_READY = Pattern.compile("Baseline ready on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long WAIT_SECONDS = DeskState.WAIT_SECONDS;
    /** The longest the loaded baseline spends on one rate step. */
    private static final long LOADED_STEP_SECONDS = 5;
    /**
     * Unrecorded operations before a measured series, per recorded baseline delivery (see {@link #warmUp}).
     */
    static final int WARM_UP_PER_SAMPLE = 5;

    /** What to run. */
    public record Settings(int agents, int supervisors, double rate, double factor, int maxSteps, boolean websocket,
                           Duration duration, Duration step, int answerDelayMillis, int talkMillis, int wrapUpSeconds,
                           int baselineSamples, Path out, Path serverJar, String benchClasspath,
                           boolean profile, String storeUrl, List<String> serverJavaOptions) {

        /** The child's JVM: this JVM's {@code java}, with a flight recording into {@code out/NAME.jfr} when profiling. */
        List<String> java(String name) {
            return java(name, List.of());
        }

        /** The same, with {@code options} first. */
        List<String> java(String name, List<String> options) {
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaBin()));
            command.addAll(options);
            if (profile) {
                command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + out.resolve(name + ".jfr"));
            }
            return command;
        }
    }

    private final Settings settings;
    private final Map<String, LatencyRecorder> recorders = new LinkedHashMap<>();
    private final Map<String, LogHistogram> histograms = new LinkedHashMap<>();
    private final LatencyRecorder stepAnswers = new LatencyRecorder();
    private final StreamChecker<StreamKey, Long> checker = new StreamChecker<>();
    private final StreamChecker<StreamKey, Long> baselineChecker = new StreamChecker<>();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong placeFailures = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final List<BenchResult.Sample> samples = new CopyOnWriteArrayList<>();
    private final PrintStreamLog log;
    private volatile double offeredRate;
    private ScheduledThreadPoolExecutor workers;

    /** Progress lines go to stderr, so that stdout holds the summary only. */
    interface PrintStreamLog {
        void line(String text);
    }

    public BenchRun(Settings settings, PrintStreamLog log) {
        this.settings = settings;
        this.log = log;
        for (String name : List.of(LISTEN_IN, READY, ANSWER_AGENT, ANSWER_SUPERVISOR, BASELINE, BASELINE_LOADED)) {
            recorders.put(name, new LatencyRecorder());
            histograms.put(name, new LogHistogram());
        }
    }

    private void record(String name, long nanos) {
        recorders.get(name).record(nanos);
        histograms.get(name).record(nanos);
    }

    /** Runs everything and returns the figures. */
    public BenchResult run() throws Exception {
        Files.createDirectories(settings.out());
        Path data = Files.createTempDirectory("switchboard-bench-data");
        Path config = settings.out().resolve("bench-contact-center.yaml");
        Files.writeString(config, ContactCenterYaml.generate(settings.agents(), settings.supervisors(), settings.wrapUpSeconds(),
                settings.storeUrl()));
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(8192);
        http.setMaxRequestsQueuedPerDestination(65_536);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        WebSocketContainer webSockets = ContainerProvider.getWebSocketContainer();
        // Started explicitly: from the shaded jar the provider hands it over unstarted.
        LifeCycle.start(webSockets);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
        workers = new ScheduledThreadPoolExecutor(32);
        List<BenchResult.StepFigures> stepFigures = new ArrayList<>();
        RateSteps steps = new RateSteps(settings.rate(), settings.factor(), 10, settings.maxSteps());
        StreamReport<StreamKey, Long> streams;
        try {
            List<String> serverJava = settings.java("server", settings.serverJavaOptions());
            try (ChildProcess server = ChildProcess.start(ChildProcess.command(serverJava, "-jar", settings.serverJar().toString(), "serve",
                    "--config", config.toString(), "--port", "0", "--sip-port", "0", "--data-dir", data.toString(), "--traffic", "0",
                    // Warnings only: the access and operation lines of every request would load the cores it measures.
                    "--log-level", "WARN"),
                    settings.out().resolve("server.log"), SERVER_READY, Duration.ofSeconds(180))) {
                log.line("server ready on " + server.baseUrl() + " (pid " + server.pid() + ")");
                List<DeskState> desks = connect(http, server.baseUrl(), webSockets, scheduler, checker);
                setUp(desks);
                streams = drive(http, server.baseUrl(), steps, stepFigures, desks);
                DeskState.closeAll(desks);
            }
            runBaseline(http, webSockets, scheduler, stepFigures);
        } finally {
            workers.shutdownNow();
            scheduler.shutdownNow();
            LifeCycle.stop(webSockets);
            http.stop();
            deleteTree(data);
        }
        return result(steps, stepFigures, streams);
    }

    private List<DeskState> connect(HttpClient http, String baseUrl, WebSocketContainer webSockets,
                                    ScheduledExecutorService scheduler, StreamChecker<StreamKey, Long> streams) throws Exception {
        List<DeskState> desks = new ArrayList<>();
        for (int i = 1; i <= settings.agents(); i++) {
            desks.add(new DeskState(new Desk(http, baseUrl, ContactCenterYaml.agent(i), ContactCenterYaml.PASSWORD), false));
        }
        for (int i = 1; i <= settings.supervisors(); i++) {
            desks.add(new DeskState(new Desk(http, baseUrl, ContactCenterYaml.supervisor(i), ContactCenterYaml.PASSWORD), true));
        }
        Map<Desk, DeskState> byDesk = new ConcurrentHashMap<>();
        desks.forEach(d -> byDesk.put(d.desk, d));
        Desk.Listener listener = (desk, channel, dataMap, seq, nanos) -> onMessage(byDesk.get(desk), channel, dataMap, seq, nanos,
                streams);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (DeskState state : desks) {
            Runnable open = () -> {
                state.desk.login();
                try {
                    state.desk.connect(settings.websocket(), webSockets, scheduler, listener);
                } catch (RuntimeException first) {
                    // A cold client JVM can miss the first websocket connect: one more try before giving up.
                    log.line("retrying the CometD connect of " + state.desk.user() + ": " + first.getMessage());
                    state.desk.close();
                    state.desk.connect(settings.websocket(), webSockets, scheduler, listener);
                }
            };
            if (state == desks.get(0)) {
                // The first alone: it warms the client up before the rest connect in parallel.
                open.run();
                continue;
            }
            batch.add(CompletableFuture.runAsync(open, workers));
            if (batch.size() == 100) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(2 * WAIT_SECONDS, TimeUnit.SECONDS);
                batch.clear();
            }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(2 * WAIT_SECONDS, TimeUnit.SECONDS);
        log.line(desks.size() + " desks connected (" + (settings.websocket() ? "websocket" : "long-polling") + ") in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return desks;
    }

    /** Agents start their session and go Ready; each supervisor listens in on one agent. Sequential, not recorded. */
    private void setUp(List<DeskState> desks) throws Exception {
        List<DeskState> agents = desks.stream().filter(d -> !d.supervisor).toList();
        for (DeskState state : desks) {
            state.desk.operation("/api/v2/me", "StartContactCenterSession", Map.of("channels", List.of("voice")))
                    .assertOk("StartContactCenterSession");
            Map<String, Object> device = DeskState.nextDevice(state).data();
            state.desk.deviceId(String.valueOf(DeskState.firstDevice(device).get("id")));
            DeskState.drain(state);
        }
        for (DeskState agent : agents) {
            DeskState.ready(agent);
        }
        int next = 0;
        for (DeskState supervisor : DeskState.supervisors(desks)) {
            DeskState agent = agents.get(next++ % agents.size());
            DeskState.listenIn(supervisor, agent);
            agent.monitoredBy = supervisor;
        }
        for (DeskState state : desks) {
            state.setupDevices = null;
        }
        log.line("set up: " + agents.size() + " agents Ready, " + (desks.size() - agents.size()) + " supervisors listening in");
    }

    /**
     * After the load, on a quiet server whose JIT has run the load: each agent goes NotReady, then Ready (recorded);
     * each supervisor cancels, then listens in again on the same agent (recorded). Sequential, each waited for.
     */
    private void measureOperations(List<DeskState> desks) throws Exception {
        desks.forEach(d -> d.setupDevices = new LinkedBlockingQueue<>());
        List<DeskState> agents = desks.stream().filter(d -> !d.supervisor).toList();
        warmUp(agents, DeskState.supervisors(desks));
        for (DeskState agent : agents) {
            DeskState.notReady(agent);
            long t0 = System.nanoTime();
            record(READY, DeskState.ready(agent) - t0);
        }
        for (DeskState agent : agents) {
            DeskState supervisor = agent.monitoredBy;
            if (supervisor != null) {
                DeskState.cancel(supervisor);
                long t0 = System.nanoTime();
                record(LISTEN_IN, DeskState.listenIn(supervisor, agent) - t0);
            }
        }
        desks.forEach(d -> d.setupDevices = null);
        log.line("measured: " + agents.size() + " Ready, " + recorders.get(LISTEN_IN).count() + " ListenIn");
    }

    /**
     * Unrecorded operations before the measured series, as many Ready as the baseline has unrecorded deliveries
     * ({@link #warmUpOperations()}) and a tenth as many ListenIn (each also writes the audit): the JIT compiles a path
     * only after some thousands of runs, and both sides are to be measured compiled, not on whatever the load happened
     * to exercise. Measured here, a Ready after 600 cycles took three times as long as after 6,000.
     */
    private void warmUp(List<DeskState> agents, List<DeskState> supervisors) throws Exception {
        for (int i = 0; i < warmUpOperations(); i++) {
            DeskState agent = agents.get(i % agents.size());
            DeskState.notReady(agent);
            DeskState.ready(agent);
        }
        List<DeskState> monitored = agents.stream().filter(a -> a.monitoredBy != null).toList();
        for (int i = 0; i < (monitored.isEmpty() ? 0 : warmUpOperations() / 10); i++) {
            DeskState agent = monitored.get(i % monitored.size());
            DeskState.cancel(agent.monitoredBy);
            DeskState.listenIn(agent.monitoredBy, agent);
        }
    }

    /** Unrecorded operations before a series: five per recorded baseline delivery. */
    private int warmUpOperations() {
        return WARM_UP_PER_SAMPLE * settings.baselineSamples();
    }

    @SuppressWarnings("unchecked")
    private void onMessage(DeskState state, String channel, Map<String, Object> data, long seq, long nanos,
                           StreamChecker<StreamKey, Long> streams) {
        streams.received(new StreamKey(state.desk.user(), channel), seq);
        notifications.incrementAndGet();
        if (state.baselineLoaded) {
            Long sent = state.baselinePosted.poll();
            if (sent != null) {
                record(BASELINE_LOADED, nanos - sent);
            }
            return;
        }
        CompletableFuture<Long> waiter = state.baselineWaiter;
        if (waiter != null) {
            waiter.complete(nanos);
            return;
        }
        LinkedBlockingQueue<DeskState.Arrival> setup = state.setupDevices;
        if (setup != null && channel.equals("/v2/me/devices")) {
            setup.add(new DeskState.Arrival(data, nanos));
            return;
        }
        if (!channel.equals("/v2/me/calls") || !(data.get("call") instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> call = (Map<String, Object>) data.get("call");
        String id = String.valueOf(call.get("id"));
        String callState = String.valueOf(call.get("state"));
        if (state.supervisor) {
            if (callState.equals("Established")) {
                long t0 = state.pendingAnswer.getAndSet(0);
                if (t0 != 0) {
                    record(ANSWER_SUPERVISOR, nanos - t0);
                }
            }
            return;
        }
        switch (callState) {
            case "Ringing" -> {
                if (state.answering.add(id)) {
                    workers.schedule(() -> answer(state, id), settings.answerDelayMillis(), TimeUnit.MILLISECONDS);
                }
            }
            case "Established" -> {
                Long t0 = state.answerSent.remove(id);
                if (t0 != null) {
                    long latency = nanos - t0;
                    record(ANSWER_AGENT, latency);
                    stepAnswers.record(latency);
                    answered.incrementAndGet();
                    workers.schedule(() -> hangUp(state, id), settings.talkMillis(), TimeUnit.MILLISECONDS);
                }
            }
            case "Released" -> {
                if (state.answering.remove(id)) {
                    released.incrementAndGet();
                }
            }
            default -> {
                // Dialing, Held, …: nothing to do
            }
        }
    }

    private void answer(DeskState state, String callId) {
        long t0 = System.nanoTime();
        state.answerSent.put(callId, t0);
        DeskState supervisor = state.monitoredBy;
        if (supervisor != null) {
            supervisor.pendingAnswer.set(t0);
        }
        try {
            state.desk.operation("/api/v2/me/calls/" + callId, "Answer", Map.of());
        } catch (RuntimeException failed) {
            state.answerSent.remove(callId);
        }
    }

    private void hangUp(DeskState state, String callId) {
        try {
            state.desk.operation("/api/v2/me/calls/" + callId, "Hangup", Map.of());
        } catch (RuntimeException failed) {
            // counted as a call never released
        }
    }

    /** The customers and the rate steps; then the drain and the stream check against the server's counts. */
    private StreamReport<StreamKey, Long> drive(HttpClient http, String baseUrl, RateSteps steps,
                                                List<BenchResult.StepFigures> stepFigures, List<DeskState> desks)
            throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ContactCenterYaml.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        long runStart = System.nanoTime();
        long deadline = runStart + settings.duration().toNanos();
        AtomicLong customerSeq = new AtomicLong();
        ScheduledFuture<?> customers = Pacing.atRate(workers, () -> offeredRate, () -> {
            String body = "{\"from\":\"" + (15_550_000_000L + customerSeq.incrementAndGet()) + "\",\"to\":\"7000\"}";
            http.newRequest(baseUrl + "/sim/v1/calls").method(HttpMethod.POST).headers(h -> h.put(HttpHeader.AUTHORIZATION, admin))
                    .timeout(WAIT_SECONDS, TimeUnit.SECONDS)
                    .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8))
                    .send(result -> {
                        if (result.isSucceeded() && result.getResponse().getStatus() == 200) {
                            placed.incrementAndGet();
                        } else {
                            placeFailures.incrementAndGet();
                        }
                    });
        });
        long[] last = {answered.get(), notifications.get(), System.nanoTime()};
        ScheduledFuture<?> sampler = workers.scheduleAtFixedRate(() -> sample(http, baseUrl, admin, runStart, last), 1, 1,
                TimeUnit.SECONDS);
        try {
            while (steps.hasNext() && System.nanoTime() < deadline) {
                // Answers lag the calls by the answer delay and more: a step counts the answers of a window as long as
                // the step, shifted by that lag, so that a server keeping up achieves what was offered.
                long lag = TimeUnit.MILLISECONDS.toNanos(settings.answerDelayMillis() + 250L);
                long t0 = System.nanoTime();
                offeredRate = steps.nextRate();
                long stepEnd = Math.min(deadline, t0 + settings.step().toNanos());
                TimeUnit.NANOSECONDS.sleep(lag);
                stepAnswers.reset();
                long answered0 = answered.get();
                long notifications0 = notifications.get();
                long counted = System.nanoTime();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, stepEnd + lag - System.nanoTime()));
                double seconds = (System.nanoTime() - counted) / 1e9;
                double achieved = (answered.get() - answered0) / seconds;
                Percentiles answer = stepAnswers.percentiles();
                RateSteps.Step step = steps.record(achieved, answer.p99());
                stepFigures.add(new BenchResult.StepFigures(step.offered(), achieved, (notifications.get() - notifications0) / seconds,
                        answer, step.saturated()));
                log.line(String.format(java.util.Locale.ROOT, "step %.1f calls/s offered: %.1f answered/s, %.0f notifications/s, "
                        + "Answer\u2192Established %s%s", step.offered(), achieved, (notifications.get() - notifications0) / seconds,
                        answer, step.saturated() ? " SATURATED" : ""));
            }
        } finally {
            offeredRate = 0;
            customers.cancel(false);
        }
        // Drain: every call placed is answered, hung up and released; then the server's counts match what arrived.
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.wrapUpSeconds() + 20L);
        while (System.nanoTime() < drainEnd && released.get() < placed.get()) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        TimeUnit.MILLISECONDS.sleep(settings.wrapUpSeconds() * 1000L + 500);
        sampler.cancel(false);
        measureOperations(desks);
        List<Map.Entry<StreamKey, Long>> sent = List.of();
        long stableEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < stableEnd) {
            sent = ServerReadings.sentCounts(http, baseUrl, admin);
            long total = sent.stream().mapToLong(Map.Entry::getValue).sum();
            if (total == notifications.get()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        for (Map.Entry<StreamKey, Long> stream : sent) {
            for (long seq = 1; seq <= stream.getValue(); seq++) {
                checker.sent(stream.getKey(), seq);
            }
        }
        StreamReport<StreamKey, Long> report = checker.check();
        log.line("calls placed " + placed.get() + " (refused " + placeFailures.get() + "), answered " + answered.get()
                + ", released " + released.get() + "; streams: " + report);
        return report;
    }

    private void sample(HttpClient http, String baseUrl, String admin, long runStart, long[] last) {
        try {
            ContentResponse response = http.newRequest(baseUrl + "/ext/v1/metrics")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, admin)).timeout(5, TimeUnit.SECONDS).send();
            String scrape = response.getContentAsString();
            long now = System.nanoTime();
            long calls = answered.get();
            long messages = notifications.get();
            double seconds = (now - last[2]) / 1e9;
            // The first reading of the process's CPU covers its whole life so far (start, logins): not the load's.
            double cpu = samples.isEmpty() ? Double.NaN : Prometheus.sum(scrape, "process_cpu_usage");
            samples.add(new BenchResult.Sample((now - runStart) / 1e9,
                    Prometheus.sum(scrape, "jvm_memory_used_bytes", "area=\"heap\"") / (1024 * 1024), cpu,
                    (calls - last[0]) / seconds, (messages - last[1]) / seconds));
            last[0] = calls;
            last[1] = messages;
            last[2] = now;
        } catch (Exception failed) {
            log.line("metrics sample failed: " + failed);
        }
    }

    /** The same clients against the bare Jetty + CometD service: sequential POST → delivery, then under the same load. */
    private void runBaseline(HttpClient http, WebSocketContainer webSockets, ScheduledExecutorService scheduler,
                             List<BenchResult.StepFigures> stepFigures) throws Exception {
        String classpath = settings.benchClasspath();
        try (ChildProcess baseline = ChildProcess.start(ChildProcess.command(settings.java("baseline"), "-cp", classpath,
                BaselineServer.class.getName()),
                settings.out().resolve("baseline.log"), BASELINE_READY, Duration.ofSeconds(60))) {
            log.line("baseline ready on " + baseline.baseUrl() + " (pid " + baseline.pid() + ")");
            List<DeskState> desks = connect(http, baseline.baseUrl(), webSockets, scheduler, baselineChecker);
            desks.forEach(d -> d.setupDevices = null);
            Map<String, Long> posted = new ConcurrentHashMap<>();
            int warmUp = warmUpOperations();
            for (int i = 0; i < warmUp + settings.baselineSamples(); i++) {
                DeskState state = desks.get(i % desks.size());
                CompletableFuture<Long> waiter = new CompletableFuture<>();
                state.baselineWaiter = waiter;
                long t0 = System.nanoTime();
                state.desk.post("/baseline/deliver?user=" + state.desk.user(), "{}").assertOk("baseline POST");
                long arrived = waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
                posted.merge(state.desk.user(), 1L, Long::sum);
                if (i >= warmUp) {
                    record(BASELINE, arrived - t0);
                }
            }
            runLoadedBaseline(http, desks, stepFigures, posted);
            posted.forEach((user, count) -> {
                for (long seq = 1; seq <= count; seq++) {
                    baselineChecker.sent(new StreamKey(user, "/v2/me/devices"), seq);
                }
            });
            log.line("baseline: " + recorders.get(BASELINE).percentiles() + "; streams: " + baselineChecker.check());
            DeskState.closeAll(desks);
        }
    }

    /**
     * The baseline under the load Switchboard had: for each of its rate steps (half as long, at most
     * {@link #LOADED_STEP_SECONDS} s), POSTs at that step's notifications per second, round-robin over the desks and
     * not waiting for each other, every one timed from its sending to its message at the listener.
     */
    private void runLoadedBaseline(HttpClient http, List<DeskState> desks, List<BenchResult.StepFigures> stepFigures,
                                   Map<String, Long> posted) throws Exception {
        desks.forEach(d -> d.baselineLoaded = true);
        AtomicLong failures = new AtomicLong();
        long[] next = {0};
        for (BenchResult.StepFigures step : stepFigures) {
            double rate = step.notificationsPerSecond();
            ScheduledFuture<?> sender = Pacing.atRate(workers, () -> rate, () -> {
                DeskState state = desks.get((int) (next[0]++ % desks.size()));
                posted.merge(state.desk.user(), 1L, Long::sum);
                state.baselinePosted.add(System.nanoTime());
                state.desk.postAsync("/baseline/deliver?user=" + state.desk.user(), ok -> {
                    if (!ok) {
                        failures.incrementAndGet();
                    }
                });
            });
            TimeUnit.MILLISECONDS.sleep(Math.min(settings.step().toMillis() / 2, LOADED_STEP_SECONDS * 1000L));
            sender.cancel(false);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < end && desks.stream().anyMatch(d -> !d.baselinePosted.isEmpty())) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        desks.forEach(d -> d.baselineLoaded = false);
        log.line("baseline under load: " + recorders.get(BASELINE_LOADED).percentiles() + (failures.get() == 0 ? ""
                : "; " + failures.get() + " POSTs failed"));
    }

    private BenchResult result(RateSteps steps, List<BenchResult.StepFigures> stepFigures, StreamReport<StreamKey, Long> streams) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("agents", settings.agents());
        shown.put("supervisors", settings.supervisors());
        shown.put("transport", settings.websocket() ? "websocket" : "long-polling");
        shown.put("startRate", settings.rate());
        shown.put("rateFactor", settings.factor());
        shown.put("stepSeconds", settings.step().toMillis() / 1000.0);
        shown.put("durationSeconds", settings.duration().toSeconds());
        shown.put("answerDelayMillis", settings.answerDelayMillis());
        shown.put("talkMillis", settings.talkMillis());
        shown.put("wrapUpSeconds", settings.wrapUpSeconds());
        shown.put("agentCapacityCallsPerSecond", settings.agents() / ((settings.answerDelayMillis() + settings.talkMillis()) / 1000.0
                + settings.wrapUpSeconds()));
        shown.put("store", settings.storeUrl() == null ? "H2 (embedded)" : settings.storeUrl().replaceFirst("\\?.*", ""));
        shown.put("serverJavaOptions", String.join(" ", settings.serverJavaOptions()));
        shown.put("cores", Runtime.getRuntime().availableProcessors());
        shown.put("java", System.getProperty("java.version"));
        Map<String, Percentiles> latencies = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        recorders.forEach((name, recorder) -> {
            if (!name.equals(BASELINE) && !name.equals(BASELINE_LOADED)) {
                latencies.put(name, recorder.percentiles());
            }
        });
        histograms.forEach((name, histogram) -> counts.put(name, histogram.counts()));
        RateSteps.Step saturated = steps.saturatedAt();
        String saturation = saturated == null
                ? String.format(java.util.Locale.ROOT, "not saturated up to %.1f calls/s offered", steps.steps().isEmpty() ? 0
                        : steps.steps().get(steps.steps().size() - 1).offered())
                : String.format(java.util.Locale.ROOT, "saturated at %.1f calls/s offered (%.1f achieved, p99 %s)",
                        saturated.offered(), saturated.achieved(), Percentiles.millis(saturated.p99Nanos()));
        double agentCapacity = (double) shown.get("agentCapacityCallsPerSecond");
        if (saturated != null && saturated.achieved() >= 0.95 * agentCapacity) {
            saturation += String.format(java.util.Locale.ROOT, ": the agents' capacity (%.1f calls/s with these timings), "
                    + "not the server's", agentCapacity);
        }
        return new BenchResult(shown, latencies, recorders.get(BASELINE).percentiles(), recorders.get(BASELINE_LOADED).percentiles(),
                UNDER_LOAD, counts, stepFigures, saturation,
                List.copyOf(samples), figures(streams), figures(baselineChecker.check()));
    }

    private static BenchResult.StreamFigures figures(StreamReport<StreamKey, Long> report) {
        return new BenchResult.StreamFigures(report.streams().size(), report.sent(), report.received(), report.lost(),
                report.duplicated(), report.outOfOrder(), report.unexpected());
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
