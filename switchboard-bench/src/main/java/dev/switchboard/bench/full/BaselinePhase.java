package dev.switchboard.bench.full;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import dev.switchboard.bench.check.StreamChecker;
import dev.switchboard.bench.check.StreamKey;

/**
 * The bare baseline ({@link BaselineServer}) as a child process, driven by the same clients: POST → delivery one at a
 * time (quiet), with and without one fdatasync before the delivery, then under the load Switchboard had.
 */
final class BaselinePhase {
    private static final Pattern BASELINE_READY = Pattern.compile("Baseline ready on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long WAIT_SECONDS = DeskState.WAIT_SECONDS;
    /**
     * The longest the loaded baseline spends on one rate step: enough, in a run of long steps, for its fdatasync
     * series to have about as many samples as each durable operation under load, so that both p99s are as sure.
     */
    private static final long LOADED_STEP_SECONDS = 30;

    /** Connects one desk per user of the run to a server at a base URL, checking their streams. */
    interface Connector {
        List<DeskState> connect(String baseUrl, StreamChecker<StreamKey, Long> streams) throws Exception;
    }

    private final BenchRun.Settings settings;
    private final Recorders recorders;
    private final ScheduledThreadPoolExecutor workers;
    private final BenchRun.PrintStreamLog log;

    BaselinePhase(BenchRun.Settings settings, Recorders recorders, ScheduledThreadPoolExecutor workers, BenchRun.PrintStreamLog log) {
        this.settings = settings;
        this.recorders = recorders;
        this.workers = workers;
        this.log = log;
    }

    /**
     * Quiet: unrecorded POSTs first (see {@link BenchRun#WARM_UP_PER_SAMPLE}), then the recorded ones, a POST without
     * and a POST with {@code fsync=1} in turn so that both series see the same moments of the machine. Then under load.
     */
    void run(Connector connector, List<BenchResult.StepFigures> stepFigures, StreamChecker<StreamKey, Long> checker) throws Exception {
        try (ChildProcess baseline = ChildProcess.start(ChildProcess.command(settings.java("baseline"), "-cp",
                settings.benchClasspath(), BaselineServer.class.getName()),
                settings.out().resolve("baseline.log"), BASELINE_READY, Duration.ofSeconds(60))) {
            log.line("baseline ready on " + baseline.baseUrl() + " (pid " + baseline.pid() + ")");
            List<DeskState> desks = connector.connect(baseline.baseUrl(), checker);
            desks.forEach(d -> d.setupDevices = null);
            List<DeskState> routed = desks.stream().filter(d -> !d.probe).toList();
            Map<String, Long> posted = new ConcurrentHashMap<>();
            int warmUp = BenchRun.WARM_UP_PER_SAMPLE * settings.baselineSamples();
            for (int i = 0; i < warmUp + 2 * settings.baselineSamples(); i++) {
                boolean fsync = i % 2 == 1;
                long latency = deliver(routed.get(i % routed.size()), fsync, posted);
                if (i >= warmUp) {
                    recorders.record(fsync ? BenchRun.BASELINE_FSYNC : BenchRun.BASELINE, latency);
                }
            }
            log.line("baseline: " + recorders.percentiles(BenchRun.BASELINE) + "; with one fdatasync: "
                    + recorders.percentiles(BenchRun.BASELINE_FSYNC));
            runLoaded(routed, DeskState.probes(desks), stepFigures, posted);
            posted.forEach((user, count) -> {
                for (long seq = 1; seq <= count; seq++) {
                    checker.sent(new StreamKey(user, "/v2/me/devices"), seq);
                }
            });
            log.line("baseline streams: " + checker.check());
            DeskState.closeAll(desks);
        }
    }

    /**
     * One POST, waited for: the time from its sending to its message at the desk's listener; with {@code fsync}, to
     * the moment the desk has both the reply and the message, as Switchboard's durable operations are timed.
     */
    private long deliver(DeskState state, boolean fsync, Map<String, Long> posted) throws Exception {
        CompletableFuture<Long> waiter = new CompletableFuture<>();
        state.baselineWaiter = waiter;
        long t0 = System.nanoTime();
        state.desk.post("/baseline/deliver?user=" + state.desk.user() + (fsync ? "&fsync=1" : ""), "{}").assertOk("baseline POST");
        long replied = System.nanoTime();
        long arrived = waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
        posted.merge(state.desk.user(), 1L, Long::sum);
        return (fsync ? Math.max(replied, arrived) : arrived) - t0;
    }

    /**
     * The baseline under the load Switchboard had: for each of its rate steps (half as long, at most
     * {@link #LOADED_STEP_SECONDS} s), POSTs at that step's notifications per second, round-robin over the routed
     * desks and not waiting for each other, every one timed from its sending to its message at the listener. Beside
     * them, as Switchboard's durable operations were timed on its probe desks, POSTs with one fdatasync on the probe
     * desks, one at a time with the same pause.
     */
    private void runLoaded(List<DeskState> desks, List<DeskState> probes, List<BenchResult.StepFigures> stepFigures,
                           Map<String, Long> posted) throws Exception {
        desks.forEach(d -> d.baselineLoaded = true);
        AtomicLong failures = new AtomicLong();
        long[] next = {0};
        ProbeLoop synced = probes.isEmpty() ? ProbeLoop.NONE : ProbeLoop.start("baseline-fdatasync-under-load", log, round -> {
            recorders.record(BenchRun.BASELINE_FSYNC_LOADED, deliver(probes.get((int) (round % probes.size())), true, posted));
            TimeUnit.MILLISECONDS.sleep(DurableOperations.PAUSE_UNDER_LOAD_MILLIS);
        });
        try {
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
        } finally {
            synced.stop();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < end && desks.stream().anyMatch(d -> !d.baselinePosted.isEmpty())) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        desks.forEach(d -> d.baselineLoaded = false);
        log.line("baseline under load: " + recorders.percentiles(BenchRun.BASELINE_LOADED) + "; with one fdatasync: "
                + recorders.percentiles(BenchRun.BASELINE_FSYNC_LOADED) + (failures.get() == 0 ? ""
                : "; " + failures.get() + " POSTs failed"));
    }
}
