package dev.switchboard.bench.full;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.bench.stats.LatencyRecorder;

/**
 * The operations whose replies wait for the journal's fdatasync, timed from the request's sending to the moment the
 * desk's listener has its DeviceStateChangeMessage: on the quiet server after a warm-up ({@link #measureQuiet}), on
 * probe desks while the stepped load runs ({@link #startUnderLoad}), and an agent-state burst ({@link #burst}).
 */
final class DurableOperations {
    /**
     * One durable operation of the report.
     *
     * @param label      what the report calls it
     * @param quiet      the name of its latency on the quiet server
     * @param underLoad  the name of its latency under the stepped load, in the steps the server sustained
     * @param agentState     whether {@code server.durability.agentStates} decides if its reply waits for the disk
     * @param quietEchoFsync the server's echo + one fdatasync its quiet latency is compared with: the one timed in
     *                       the same series
     */
    record Operation(String label, String quiet, String underLoad, boolean agentState, String quietEchoFsync) {
        /** The name of its latency during the step that saturated the server. */
        String atSaturation() {
            return underLoad + BenchRun.AT_SATURATION_SUFFIX;
        }
    }

    static final List<Operation> OPERATIONS = List.of(
            new Operation("Ready", BenchRun.READY, BenchRun.READY_LOADED, true, BenchRun.SERVER_ECHO_FSYNC),
            new Operation("NotReady with a reason", BenchRun.NOT_READY, BenchRun.NOT_READY_LOADED, true, BenchRun.SERVER_ECHO_FSYNC),
            new Operation("DoNotDisturbOn", BenchRun.DND_ON, BenchRun.DND_ON_LOADED, false, BenchRun.SERVER_ECHO_FSYNC),
            new Operation("DoNotDisturbOff", BenchRun.DND_OFF, BenchRun.DND_OFF_LOADED, false, BenchRun.SERVER_ECHO_FSYNC),
            new Operation("ListenIn", BenchRun.LISTEN_IN, BenchRun.LISTEN_IN_LOADED, false, BenchRun.SERVER_ECHO_FSYNC_BESIDE_LISTEN_IN));

    /**
     * The pause between two operations timed under load, and between two baseline POSTs timed under load: a trickle
     * beside the load, so that it measures the load rather than adds to it.
     */
    static final long PAUSE_UNDER_LOAD_MILLIS = 10;

    /** A latency timed under load, waiting for the end of its step to know which series it belongs to. */
    private record Sample(String name, long nanos) {
    }

    private final Recorders recorders;
    /** What was timed under load since the last step ended; guarded by itself. */
    private final List<Sample> stepSamples = new ArrayList<>();
    private final int warmUpOperations;
    private final BenchRun.PrintStreamLog log;

    /** @param warmUpOperations unrecorded NotReady/Ready cycles before the quiet series (see {@link #measureQuiet}) */
    DurableOperations(Recorders recorders, int warmUpOperations, BenchRun.PrintStreamLog log) {
        this.recorders = recorders;
        this.warmUpOperations = warmUpOperations;
        this.log = log;
    }

    /**
     * The baseline each durable latency's ratios are to: bare delivery + one fdatasync, quiet or under load. With
     * {@code agentStatesSync} false, agent-state replies do not wait for the disk, and are compared with bare delivery.
     */
    static Map<String, String> comparedWith(boolean agentStatesSync) {
        Map<String, String> compared = new LinkedHashMap<>();
        for (Operation operation : OPERATIONS) {
            boolean synced = agentStatesSync || !operation.agentState();
            compared.put(operation.quiet(), synced ? BenchRun.BASELINE_FSYNC : BenchRun.BASELINE);
            compared.put(operation.underLoad(), synced ? BenchRun.BASELINE_FSYNC_LOADED : BenchRun.BASELINE_LOADED);
            compared.put(operation.atSaturation(), synced ? BenchRun.BASELINE_FSYNC_LOADED : BenchRun.BASELINE_LOADED);
        }
        return compared;
    }

    /**
     * This server's own bare delivery each durable latency is also compared with, measured beside it (same process,
     * same moments, same load): its echo with one fdatasync, or without when agent-state replies do not wait for the
     * disk ({@code agentStatesSync} false). Quiet ListenIn has an echo of its own, timed after each one
     * ({@link Operation#quietEchoFsync}).
     */
    static Map<String, String> comparedWithServerEcho(boolean agentStatesSync) {
        Map<String, String> compared = new LinkedHashMap<>();
        for (Operation operation : OPERATIONS) {
            boolean synced = agentStatesSync || !operation.agentState();
            compared.put(operation.quiet(), synced ? operation.quietEchoFsync() : BenchRun.SERVER_ECHO);
            String loaded = synced ? BenchRun.SERVER_ECHO_FSYNC_LOADED : BenchRun.SERVER_ECHO_LOADED;
            compared.put(operation.underLoad(), loaded);
            compared.put(operation.atSaturation(), loaded + BenchRun.AT_SATURATION_SUFFIX);
        }
        return compared;
    }

    /**
     * On the quiet server, after a warm-up, one at a time, each waited for: every agent goes NotReady with a reason
     * and Ready, and has the server echo with and without an fdatasync (all recorded), then DoNotDisturbOn and Off
     * (recorded); every supervisor cancels, then listens in again on the same agent and has the server echo with an
     * fdatasync (both recorded), in rounds until there are about as many ListenIn as Ready; all of it {@code rounds}
     * times. The desks' device messages must be queued
     * ({@code setupDevices}).
     */
    void measureQuiet(List<DeskState> agents, int rounds) throws Exception {
        warmUp(agents);
        for (int round = 0; round < rounds; round++) {
            for (DeskState agent : agents) {
                long t0 = System.nanoTime();
                recorders.record(BenchRun.NOT_READY, DeskState.notReady(agent, ContactCenterYaml.NOT_READY_REASON) - t0);
                t0 = System.nanoTime();
                recorders.record(BenchRun.READY, DeskState.ready(agent) - t0);
                t0 = System.nanoTime();
                recorders.record(BenchRun.SERVER_ECHO_FSYNC, DeskState.echo(agent, true) - t0);
                t0 = System.nanoTime();
                recorders.record(BenchRun.SERVER_ECHO, DeskState.echo(agent, false) - t0);
            }
            for (DeskState agent : agents) {
                long t0 = System.nanoTime();
                recorders.record(BenchRun.DND_ON, DeskState.doNotDisturb(agent, true) - t0);
                t0 = System.nanoTime();
                recorders.record(BenchRun.DND_OFF, DeskState.doNotDisturb(agent, false) - t0);
            }
        }
        // As many ListenIn as Ready, round the monitored agents: with one per supervisor, the p99 of 100 was their
        // slowest but one, a single slow moment.
        List<DeskState> monitored = agents.stream().filter(a -> a.monitoredBy != null).toList();
        int listenInRounds = monitored.isEmpty() ? 0 : rounds * Math.max(1, agents.size() / monitored.size());
        for (int round = 0; round < listenInRounds; round++) {
            for (DeskState agent : monitored) {
                DeskState supervisor = agent.monitoredBy;
                DeskState.cancel(supervisor);
                long t0 = System.nanoTime();
                recorders.record(BenchRun.LISTEN_IN, DeskState.listenIn(supervisor, agent) - t0);
                t0 = System.nanoTime();
                recorders.record(BenchRun.SERVER_ECHO_FSYNC_BESIDE_LISTEN_IN, DeskState.echo(supervisor, true) - t0);
            }
        }
        log.line("measured quiet: " + recorders.count(BenchRun.READY) + " NotReady, Ready, DoNotDisturbOn and Off; "
                + recorders.count(BenchRun.LISTEN_IN) + " ListenIn");
    }

    /**
     * Unrecorded operations before the quiet series: {@code warmUpOperations} NotReady/Ready cycles, a fifth as many
     * DoNotDisturb cycles and half as many CancelSupervisorMonitoring/ListenIn cycles. The JIT compiles a path only
     * after some thousands of runs, and both sides are to be measured compiled, not on whatever the load happened to
     * exercise. Measured here, a Ready after 600 cycles took three times as long as after 6,000; with a tenth as many
     * ListenIn cycles, the server's C2 compiler was still busy (at a higher priority than the HTTP threads) during the
     * timed ListenIn and ran in half of the moments a ListenIn was slow.
     */
    private void warmUp(List<DeskState> agents) throws Exception {
        for (int i = 0; i < warmUpOperations; i++) {
            DeskState agent = agents.get(i % agents.size());
            DeskState.notReady(agent, ContactCenterYaml.NOT_READY_REASON);
            DeskState.ready(agent);
            DeskState.echo(agent, true);
            DeskState.echo(agent, false);
        }
        for (int i = 0; i < warmUpOperations / 5; i++) {
            DeskState agent = agents.get(i % agents.size());
            DeskState.doNotDisturb(agent, true);
            DeskState.doNotDisturb(agent, false);
        }
        List<DeskState> monitored = agents.stream().filter(a -> a.monitoredBy != null).toList();
        for (int i = 0; i < (monitored.isEmpty() ? 0 : warmUpOperations / 2); i++) {
            DeskState agent = monitored.get(i % monitored.size());
            DeskState.cancel(agent.monitoredBy);
            DeskState.listenIn(agent.monitoredBy, agent);
        }
    }

    /**
     * Unrecorded cycles of the probe desks' operations (see {@link #startUnderLoad}), so that what is recorded under
     * load runs compiled. Before the load, not counted in its time.
     */
    void warmUpProbes(List<DeskState> probes, int cycles) throws Exception {
        List<DeskState> agents = probes.stream().filter(d -> !d.supervisor).toList();
        DeskState supervisor = probes.stream().filter(d -> d.supervisor).findFirst().orElse(null);
        for (int i = 0; i < (agents.isEmpty() ? 0 : cycles); i++) {
            cycle(agents.get(i % agents.size()), supervisor, agents.get(0), false);
        }
    }

    /**
     * Starts timing the durable operations on the probe desks (agents outside the routed group, and their supervisor
     * listening in on the first), one at a time with {@link #PAUSE_UNDER_LOAD_MILLIS} between, until the returned
     * loop is stopped.
     */
    ProbeLoop startUnderLoad(List<DeskState> probes) {
        List<DeskState> agents = probes.stream().filter(d -> !d.supervisor).toList();
        DeskState supervisor = probes.stream().filter(d -> d.supervisor).findFirst().orElse(null);
        if (agents.isEmpty()) {
            return ProbeLoop.NONE;
        }
        return ProbeLoop.start("durable-under-load", log, round -> cycle(agents.get((int) (round % agents.size())), supervisor,
                agents.get(0), true));
    }

    private void cycle(DeskState agent, DeskState supervisor, DeskState monitored, boolean recorded) throws Exception {
        long pause = recorded ? PAUSE_UNDER_LOAD_MILLIS : 0;
        long t0 = System.nanoTime();
        long latency = DeskState.notReady(agent, ContactCenterYaml.NOT_READY_REASON) - t0;
        record(recorded, BenchRun.NOT_READY_LOADED, latency, pause);
        t0 = System.nanoTime();
        record(recorded, BenchRun.READY_LOADED, DeskState.ready(agent) - t0, pause);
        t0 = System.nanoTime();
        record(recorded, BenchRun.DND_ON_LOADED, DeskState.doNotDisturb(agent, true) - t0, pause);
        t0 = System.nanoTime();
        record(recorded, BenchRun.DND_OFF_LOADED, DeskState.doNotDisturb(agent, false) - t0, pause);
        t0 = System.nanoTime();
        record(recorded, BenchRun.SERVER_ECHO_FSYNC_LOADED, DeskState.echo(agent, true) - t0, pause);
        t0 = System.nanoTime();
        record(recorded, BenchRun.SERVER_ECHO_LOADED, DeskState.echo(agent, false) - t0, pause);
        if (supervisor != null) {
            DeskState.cancel(supervisor);
            TimeUnit.MILLISECONDS.sleep(pause);
            t0 = System.nanoTime();
            record(recorded, BenchRun.LISTEN_IN_LOADED, DeskState.listenIn(supervisor, monitored) - t0, pause);
        }
    }

    private void record(boolean recorded, String name, long nanos, long pauseMillis) throws InterruptedException {
        if (recorded) {
            synchronized (stepSamples) {
                stepSamples.add(new Sample(name, nanos));
            }
        }
        TimeUnit.MILLISECONDS.sleep(pauseMillis);
    }

    /**
     * The step just ended: what was timed during it counts as under load when the server sustained the step, and
     * apart ({@link Operation#atSaturation()}) when it saturated. A saturated server queues every request by
     * definition, while the baseline at the same notification rate is nowhere near its limit: a ratio of the two says
     * how far past capacity the step was, not what durability costs.
     */
    void stepEnded(boolean saturated) {
        List<Sample> samples;
        synchronized (stepSamples) {
            samples = new ArrayList<>(stepSamples);
            stepSamples.clear();
        }
        for (Sample sample : samples) {
            recorders.record(saturated ? sample.name() + BenchRun.AT_SATURATION_SUFFIX : sample.name(), sample.nanos());
        }
    }

    /**
     * The agent-state burst: {@code agents} at once, each on its own thread going NotReady then Ready, every request
     * waited for (reply and DeviceStateChangeMessage), for {@code length}. With durable agent states, the concurrent
     * requests share the journal's fdatasyncs; the figure to compare is how many operations a second they reach with
     * and without ({@code server.durability.agentStates}).
     */
    BenchResult.Burst burst(List<DeskState> agents, Duration length) throws Exception {
        if (agents.isEmpty()) {
            return null;
        }
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong operations = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(agents.size());
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (DeskState agent : agents) {
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        latency.record(DeskState.notReady(agent, ContactCenterYaml.NOT_READY_REASON) - t0);
                        t0 = System.nanoTime();
                        latency.record(DeskState.ready(agent) - t0);
                        operations.addAndGet(2);
                    }
                    return null;
                }));
            }
            for (Future<?> agent : running) {
                agent.get(length.toMillis() + 2 * DeskState.WAIT_SECONDS * 1000, TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        BenchResult.Burst burst = new BenchResult.Burst(agents.size(), seconds, operations.get(), latency.percentiles());
        log.line(String.format(java.util.Locale.ROOT, "agent-state burst: %d agents, %.0f operations/s, %s", agents.size(),
                burst.operationsPerSecond(), burst.latency()));
        return burst;
    }
}
