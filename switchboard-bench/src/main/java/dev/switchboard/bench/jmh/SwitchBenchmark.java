package dev.switchboard.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * JMH benchmark of the switch alone (issue 5): calls through the core model, events consumed by a
 * {@link CountingEventSink}, no HTTP, CometD, JSON or store. It shows how much of the full path's cost is the core.
 *
 * <ul>
 *   <li>{@code acdCall}: a customer calls routing point 7000, the queue offers the call to the longest-idle Ready agent,
 *       the agent answers, the customer hangs up ({@link SwitchRig#acdCall}).</li>
 *   <li>{@code internalCall}: an agent dials another agent, who answers; the caller hangs up
 *       ({@link SwitchRig#internalCall}).</li>
 *   <li>{@code acdCallPipelined}: {@value #PIPELINED} ACD cycles in flight at once, each command submitted from the
 *       switch thread as soon as the previous one completed ({@link SwitchRig#acdCallAsync}).</li>
 * </ul>
 *
 * <p>In {@code acdCall} and {@code internalCall} each operation is three commands, each submitted to the switch thread
 * and awaited in turn, so a figure includes three hand-offs between the benchmark thread and the switch thread (a
 * wake-up each), as the server's request threads pay them; the {@code *Time} variants run the same operations in
 * average-time mode. {@code acdCallPipelined} keeps the switch thread busy instead: the gap between it and
 * {@code acdCall} is the hand-offs, and its rate is the core's own ceiling. {@code agents} is the number of agents
 * logged in and Ready: the ACD looks for the longest-idle one among them on every offer.
 *
 * <p>Run from the JMH uber-jar (see the README's Performance section):
 * <pre>
 * ./mvnw -q -pl switchboard-core,switchboard-bench -am package -DskipTests
 * java -jar switchboard-bench/target/switchboard-bench-jmh.jar SwitchBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SwitchBenchmark {

    /** ACD cycles in flight at once in {@link #acdCallPipelined}; each rings at its own agent, so {@code agents} must be at least this. */
    public static final int PIPELINED = 8;

    /** Agents logged in and Ready. */
    @Param({"10", "1000"})
    public int agents;

    private SwitchRig rig;

    @Setup(Level.Trial)
    public void setUp() {
        rig = new SwitchRig(agents);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            int live = rig.liveCalls().size();
            if (live != 0) {
                throw new IllegalStateException(live + " calls still live after the benchmark: an operation did not end its call");
            }
            if (rig.events().total() == 0) {
                throw new IllegalStateException("The switch published no events");
            }
        } finally {
            rig.close();
        }
    }

    /** What one benchmark thread uses: its own customer numbers and its own pair of agents for internal calls. */
    @State(Scope.Thread)
    public static class Caller {
        String customer;
        String[] pipelinedCustomers;
        int from;
        int to;

        @Setup(Level.Trial)
        public void setUp(SwitchBenchmark benchmark, ThreadParams threads) {
            int index = threads.getThreadIndex();
            // Enough Ready agents for every call in flight (and for a pair of agents per thread for internal calls).
            if (benchmark.agents < PIPELINED * threads.getThreadCount()) {
                throw new IllegalStateException("Need at least " + PIPELINED + " agents per thread, have " + benchmark.agents + " for "
                        + threads.getThreadCount() + " threads");
            }
            customer = "555" + (1_000_000 + index);
            pipelinedCustomers = new String[PIPELINED];
            for (int k = 0; k < PIPELINED; k++) {
                pipelinedCustomers[k] = "556" + (1_000_000 + index * PIPELINED + k);
            }
            from = 2 * index + 1;
            to = 2 * index + 2;
        }
    }

    /** A full ACD cycle, in operations per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String acdCall(Caller caller) {
        return rig.acdCall(caller.customer);
    }

    /** A full ACD cycle, in microseconds per operation. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String acdCallTime(Caller caller) {
        return rig.acdCall(caller.customer);
    }

    /**
     * {@value #PIPELINED} ACD cycles in flight at once ({@link SwitchRig#acdCallAsync}), in cycles per second: the
     * switch thread kept busy, without a thread hand-off between the commands of a cycle. What the core alone can do.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PIPELINED)
    public void acdCallPipelined(Caller caller) {
        List<CompletableFuture<String>> cycles = new ArrayList<>(PIPELINED);
        for (String customer : caller.pipelinedCustomers) {
            cycles.add(rig.acdCallAsync(customer));
        }
        SwitchRig.awaitAll(cycles);
    }

    /** Dial, answer and hang up between two agents, in operations per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String internalCall(Caller caller) {
        return rig.internalCall(caller.from, caller.to);
    }

    /** Dial, answer and hang up between two agents, in microseconds per operation. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String internalCallTime(Caller caller) {
        return rig.internalCall(caller.from, caller.to);
    }
}
