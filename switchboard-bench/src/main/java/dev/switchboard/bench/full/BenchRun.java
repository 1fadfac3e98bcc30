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
import dev.switchboard.server.journal.FsyncProbe;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/**
 * One benchmark run: the disk's own fdatasync ({@link FsyncProbe}), then the Switchboard server as a child process
 * with a generated contact center, one real desk per agent, supervisor and probe desk, simulated customers at stepped
 * rates while the probe desks time durable operations, the quiet durable operations and the agent-state burst
 * ({@link DurableOperations}), then the bare baseline as a child process with the same clients ({@link BaselinePhase}).
 * Every wait is bounded; both children are always stopped.
 */
public final class BenchRun {
    static final String LISTEN_IN = "ListenIn \u2192 reply + supervisor DeviceStateChange";
    static final String READY = "Ready \u2192 reply + DeviceStateChange";
    static final String NOT_READY = "NotReady (reason) \u2192 reply + DeviceStateChange";
    static final String DND_ON = "DoNotDisturbOn \u2192 reply + DeviceStateChange";
    static final String DND_OFF = "DoNotDisturbOff \u2192 reply + DeviceStateChange";
    static final String UNDER_LOAD_SUFFIX = ", under load";
    static final String LISTEN_IN_LOADED = LISTEN_IN + UNDER_LOAD_SUFFIX;
    static final String READY_LOADED = READY + UNDER_LOAD_SUFFIX;
    static final String NOT_READY_LOADED = NOT_READY + UNDER_LOAD_SUFFIX;
    static final String DND_ON_LOADED = DND_ON + UNDER_LOAD_SUFFIX;
    static final String DND_OFF_LOADED = DND_OFF + UNDER_LOAD_SUFFIX;
    /** The durable operations timed during the step that saturated the server (kept apart from the sustained steps). */
    static final String AT_SATURATION_SUFFIX = ", at saturation";
    static final String ANSWER_AGENT = "Answer \u2192 Established (agent)";
    static final String ANSWER_SUPERVISOR = "Answer \u2192 Established (supervisor)";
    static final String BASELINE = "baseline POST \u2192 delivery";
    static final String BASELINE_LOADED = "baseline POST \u2192 delivery under load";
    static final String BASELINE_FSYNC = "baseline POST \u2192 fdatasync \u2192 reply + delivery";
    static final String BASELINE_FSYNC_LOADED = "baseline POST \u2192 fdatasync \u2192 reply + delivery under load";
    /** This server's own bare delivery ({@code POST /ext/v1/notifications/echo}), timed beside the durable operations. */
    static final String SERVER_ECHO = "server echo POST \u2192 delivery";
    static final String SERVER_ECHO_FSYNC = "server echo POST \u2192 fdatasync \u2192 reply + delivery";
    static final String SERVER_ECHO_LOADED = SERVER_ECHO + UNDER_LOAD_SUFFIX;
    static final String SERVER_ECHO_FSYNC_LOADED = SERVER_ECHO_FSYNC + UNDER_LOAD_SUFFIX;
    /**
     * The echo + one fdatasync timed right after each quiet ListenIn, by the same supervisor: quiet ListenIn runs in a
     * series of its own, with the audit's write-behind storing its entries, not beside the agent states' echo.
     */
    static final String SERVER_ECHO_FSYNC_BESIDE_LISTEN_IN = SERVER_ECHO_FSYNC + ", beside ListenIn";
    /** Every baseline, in print order. */
    static final List<String> BASELINES = List.of(BASELINE, BASELINE_FSYNC, BASELINE_LOADED, BASELINE_FSYNC_LOADED,
            SERVER_ECHO, SERVER_ECHO_FSYNC, SERVER_ECHO_FSYNC_BESIDE_LISTEN_IN,
            SERVER_ECHO_LOADED, SERVER_ECHO_FSYNC_LOADED, SERVER_ECHO_LOADED + AT_SATURATION_SUFFIX,
            SERVER_ECHO_FSYNC_LOADED + AT_SATURATION_SUFFIX);
    /** Probe agents (outside the routed group) whose durable operations are timed under load, and one supervisor. */
    static final int PROBE_AGENTS = 2;
    /** How long the clients keep an idle connection: less than the server's idle timeout (Jetty's 30 s). */
    private static final long CLIENT_IDLE_TIMEOUT_MILLIS = 20_000;
    private static final Pattern SERVER_READY = Pattern.compile("Switchboard ready on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long WAIT_SECONDS = DeskState.WAIT_SECONDS;
    /** How many write + fdatasync pairs the disk probe times before the server starts. */
    private static final int DISK_PROBES = 1000;
    /**
     * Unrecorded operations before a measured series, per recorded baseline delivery (see {@link DurableOperations}).
     */
    static final int WARM_UP_PER_SAMPLE = 5;

    /** What to run. */
    public record Settings(int agents, int supervisors, double rate, double factor, int maxSteps, boolean websocket,
                           Duration duration, Duration step, int answerDelayMillis, int talkMillis, int wrapUpSeconds,
                           int baselineSamples, Path out, Path serverJar, String benchClasspath,
                           boolean profile, String storeUrl, List<String> serverJavaOptions, boolean agentStatesSync,
                           int burstAgents, Duration burst, int quietRounds) {

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
    private final Recorders recorders;
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
    private final List<BenchResult.JournalPhase> journalPhases = new ArrayList<>();
    private BenchResult.DiskSync disk;
    private ServerReadings.Journal journalAtEnd;
    private BenchResult.Burst burst;

    /** Progress lines go to stderr, so that stdout holds the summary only. */
    interface PrintStreamLog {
        void line(String text);
    }

    public BenchRun(Settings settings, PrintStreamLog log) {
        this.settings = settings;
        this.log = log;
        List<String> names = new ArrayList<>();
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            names.add(operation.quiet());
        }
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            names.add(operation.underLoad());
        }
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            names.add(operation.atSaturation());
        }
        names.addAll(List.of(ANSWER_AGENT, ANSWER_SUPERVISOR));
        names.addAll(BASELINES);
        this.recorders = new Recorders(names, List.of(LISTEN_IN, READY, ANSWER_AGENT, ANSWER_SUPERVISOR, BASELINE, BASELINE_LOADED));
    }

    private void record(String name, long nanos) {
        recorders.record(name, nanos);
    }

    /** Runs everything and returns the figures. */
    public BenchResult run() throws Exception {
        Files.createDirectories(settings.out());
        Path data = Files.createTempDirectory("switchboard-bench-data");
        Path config = settings.out().resolve("bench-contact-center.yaml");
        Files.writeString(config, ContactCenterYaml.generate(settings.agents(), settings.supervisors(), settings.wrapUpSeconds(),
                settings.storeUrl(), PROBE_AGENTS, settings.agentStatesSync() ? "sync" : "async"));
        // The disk's own price for a small durable write, on the file system of the server's data directory, before
        // anything else runs on this machine's cores for the run.
        FsyncProbe.Result probe = FsyncProbe.measure(data, DISK_PROBES);
        disk = new BenchResult.DiskSync(probe.p50Nanos(), probe.p99Nanos(), probe.maxNanos(), probe.count());
        log.line("disk: write + fdatasync " + Percentiles.millis(probe.p50Nanos()) + " p50, " + Percentiles.millis(probe.p99Nanos())
                + " p99 (" + probe.count() + ")");
        HttpClient http = new HttpClient();
        // Below the server's 30 s: a connection left idle through the quiet phase is closed by this side, never by
        // the server just as the burst sends a POST on it (which would fail with an EOF and end the run).
        http.setIdleTimeout(CLIENT_IDLE_TIMEOUT_MILLIS);
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
                // A tenth of the quiet series' warm-up, before the load: the load itself soon runs the same paths.
                new DurableOperations(recorders, warmUpOperations(), log).warmUpProbes(DeskState.probes(desks), warmUpOperations() / 10);
                streams = drive(http, server.baseUrl(), steps, stepFigures, desks);
                DeskState.closeAll(desks);
            }
            new BaselinePhase(settings, recorders, workers, log).run((baseUrl, streamChecker) -> connect(http, baseUrl, webSockets,
                    scheduler, streamChecker), stepFigures, baselineChecker);
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
        for (int i = 1; i <= PROBE_AGENTS; i++) {
            desks.add(new DeskState(new Desk(http, baseUrl, ContactCenterYaml.probe(i), ContactCenterYaml.PASSWORD), false, true));
        }
        desks.add(new DeskState(new Desk(http, baseUrl, ContactCenterYaml.probeSupervisor(), ContactCenterYaml.PASSWORD), true, true));
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

    /**
     * Agents start their session and go Ready; each supervisor listens in on one agent; the probe supervisor on the
     * first probe agent. Sequential, not recorded. The probe desks keep their device messages queued.
     */
    private void setUp(List<DeskState> desks) throws Exception {
        List<DeskState> agents = DeskState.agents(desks);
        List<DeskState> probes = DeskState.probes(desks);
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
        for (DeskState probe : probes) {
            if (probe.supervisor) {
                DeskState.listenIn(probe, probes.get(0));
            }
        }
        int next = 0;
        for (DeskState supervisor : DeskState.supervisors(desks)) {
            DeskState agent = agents.get(next++ % agents.size());
            DeskState.listenIn(supervisor, agent);
            agent.monitoredBy = supervisor;
        }
        for (DeskState state : desks) {
            if (!state.probe) {
                state.setupDevices = null;
            }
        }
        log.line("set up: " + agents.size() + " agents Ready, " + DeskState.supervisors(desks).size()
                + " supervisors listening in, " + probes.size() + " probe desks");
    }

    /**
     * After the load, on a quiet server whose JIT has run the load: the durable operations one at a time
     * ({@link DurableOperations#measureQuiet}), then the agent-state burst, each with the journal's records and
     * batches read before and after.
     */
    private void measureQuiet(HttpClient http, String baseUrl, String admin, List<DeskState> desks) throws Exception {
        desks.forEach(d -> d.setupDevices = new LinkedBlockingQueue<>());
        List<DeskState> agents = DeskState.agents(desks);
        DurableOperations operations = new DurableOperations(recorders, warmUpOperations(), log);
        ServerReadings.Journal before = ServerReadings.journal(http, baseUrl, admin);
        operations.measureQuiet(agents, settings.quietRounds());
        ServerReadings.Journal quiet = ServerReadings.journal(http, baseUrl, admin);
        journalPhases.add(quiet.since(before, "quiet operations, one at a time"));
        burst = operations.burst(agents.subList(0, Math.min(settings.burstAgents(), agents.size())), settings.burst());
        journalAtEnd = ServerReadings.journal(http, baseUrl, admin);
        journalPhases.add(journalAtEnd.since(quiet, "agent-state burst, " + burst.desks() + " agents at once"));
        desks.forEach(d -> d.setupDevices = null);
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
        if (channel.equals(DeskState.ECHO_CHANNEL)) {
            state.echoes.add(new DeskState.Arrival(data, nanos));
            return;
        }
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
        ServerReadings.Journal journalBefore = ServerReadings.journal(http, baseUrl, admin);
        DurableOperations durable = new DurableOperations(recorders, warmUpOperations(), log);
        ProbeLoop probes = durable.startUnderLoad(DeskState.probes(desks));
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
                durable.stepEnded(step.saturated());
                stepFigures.add(new BenchResult.StepFigures(step.offered(), achieved, (notifications.get() - notifications0) / seconds,
                        answer, step.saturated()));
                log.line(String.format(java.util.Locale.ROOT, "step %.1f calls/s offered: %.1f answered/s, %.0f notifications/s, "
                        + "Answer\u2192Established %s%s", step.offered(), achieved, (notifications.get() - notifications0) / seconds,
                        answer, step.saturated() ? " SATURATED" : ""));
            }
        } finally {
            offeredRate = 0;
            customers.cancel(false);
            probes.stop();
        }
        journalPhases.add(ServerReadings.journal(http, baseUrl, admin).since(journalBefore, "stepped load"));
        // Drain: every call placed is answered, hung up and released; then the server's counts match what arrived.
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.wrapUpSeconds() + 20L);
        while (System.nanoTime() < drainEnd && released.get() < placed.get()) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        TimeUnit.MILLISECONDS.sleep(settings.wrapUpSeconds() * 1000L + 500);
        sampler.cancel(false);
        measureQuiet(http, baseUrl, admin, desks);
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
        shown.put("agentStates", settings.agentStatesSync() ? "sync" : "async");
        shown.put("quietRounds", settings.quietRounds());
        shown.put("cores", Runtime.getRuntime().availableProcessors());
        shown.put("java", System.getProperty("java.version"));
        Map<String, Percentiles> latencies = new LinkedHashMap<>();
        Map<String, Percentiles> baselines = new LinkedHashMap<>();
        for (String name : recorders.names()) {
            (BASELINES.contains(name) ? baselines : latencies).put(name, recorders.percentiles(name));
        }
        Map<String, String> comparedWith = new LinkedHashMap<>(DurableOperations.comparedWith(settings.agentStatesSync()));
        comparedWith.put(ANSWER_AGENT, BASELINE_LOADED);
        comparedWith.put(ANSWER_SUPERVISOR, BASELINE_LOADED);
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
        BenchResult.Durability durability = new BenchResult.Durability(disk, List.copyOf(journalPhases),
                journalAtEnd == null ? 0 : journalAtEnd.syncP50Nanos(), journalAtEnd == null ? 0 : journalAtEnd.syncP99Nanos(), burst);
        return new BenchResult(shown, latencies, baselines, comparedWith,
                DurableOperations.comparedWithServerEcho(settings.agentStatesSync()), recorders.histogramCounts(), stepFigures, saturation,
                List.copyOf(samples), figures(streams), figures(baselineChecker.check()), durability);
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
