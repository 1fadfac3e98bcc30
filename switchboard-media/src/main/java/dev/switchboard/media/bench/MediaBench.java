package dev.switchboard.media.bench;

import dev.switchboard.media.LegMedia;
import dev.switchboard.media.LegStats;
import dev.switchboard.media.MediaConfig;
import dev.switchboard.media.MediaEngine;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.MediaListener;
import dev.switchboard.media.MediaRoom;
import dev.switchboard.media.TickStats;
import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The media benchmark (measured, never asserted): N monitored calls (customer, agent, listening supervisor: 3 legs
 * each) on real loopback UDP sockets, the phones played by a few threads sending PCMU every 20 ms, for D seconds per
 * step; N steps up until the tick p99 passes 5 ms or late ticks appear ({@code --all-steps}: run every step anyway).
 * One line per step.
 *
 * <pre>
 * java -cp switchboard-media/target/classes:SLF4J_API_JAR dev.switchboard.media.bench.MediaBench \
 *     [--calls 100,200,300,500,700,1000] [--seconds 10] [--warm-up-seconds 3] [--tickers K] [--phone-threads 2]
 *     [--rtp-ports 20000-29999] [--all-steps]
 * </pre>
 * The phones run in the same process and on the same cores. Process CPU % is the engine's and the phones' together
 * (100 % = one core); the ticker threads' and the phone threads' own CPU are shown apart (from the JVM's per-thread
 * CPU clocks; the kernel's loopback delivery is charged to whichever thread sent the packet). "Other processes CPU %"
 * is the whole machine's busy time (from {@code /proc/stat}) minus this process's: anything else running on the
 * machine takes cores from the tickers, and shows there. Each step starts on a collected heap, so the set-up's
 * garbage is not collected during the measurement; collections that still happen are counted.
 */
public final class MediaBench {

    private static final double P99_LIMIT_MICROS = 5_000;

    private MediaBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] steps = {100, 200, 300, 500, 700, 1000};
        int seconds = 10;
        int warmUpSeconds = 3;
        int phoneThreads = 2;
        int tickers = MediaConfig.defaultTickers();
        int firstPort = 20000;
        int lastPort = 29999;
        boolean allSteps = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> steps = parseList(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warm-up-seconds" -> warmUpSeconds = Integer.parseInt(args[++i]);
                case "--phone-threads" -> phoneThreads = Integer.parseInt(args[++i]);
                case "--tickers" -> tickers = Integer.parseInt(args[++i]);
                case "--all-steps" -> allSteps = true;
                case "--rtp-ports" -> {
                    String[] range = args[++i].split("-");
                    firstPort = Integer.parseInt(range[0]);
                    lastPort = Integer.parseInt(range[1]);
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        System.out.printf("MediaBench: %d s per step, %d tickers, %d phone threads, %d cores, Java %s%n", seconds, tickers,
                phoneThreads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double[] costs = SocketCalibration.measure(MediaConfig.defaults().bindHost());
        System.out.printf("loopback UDP on this machine now: empty receive %.2f µs, send %.2f µs, receive %.2f µs;"
                + " so one thread needs about %.1f ms per tick for 1,500 legs on sockets alone%n", costs[0], costs[1], costs[2],
                1500 * (costs[0] + costs[1] + costs[2]) / 1000);
        System.out.println("| calls | legs | pkt/s in | pkt/s out | tick p50 ms | tick p99 ms | tick max ms | tick CPU p50 ms "
                + "| tick CPU p99 ms | late ticks | skipped | missing frames | jitter lost | jitter late | tickers CPU % "
                + "| phones CPU % | process CPU % | other processes CPU % | GCs | heap MB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int calls : steps) {
            StepResult result = runStep(calls, warmUpSeconds, seconds, tickers, phoneThreads, firstPort, lastPort);
            System.out.println(result.row());
            if (!allSteps && (result.ticks.p99Micros() > P99_LIMIT_MICROS || result.ticks.lateTicks() > 0)) {
                System.out.println("stopped: tick p99 over 5 ms or late ticks at " + calls + " calls");
                break;
            }
        }
    }

    private static StepResult runStep(int calls, int warmUpSeconds, int seconds, int tickers, int phoneThreads, int firstPort,
                                      int lastPort) throws IOException {
        MediaConfig config = MediaConfig.defaults().withPorts(firstPort, lastPort).withTickers(tickers);
        try (MediaEngine engine = MediaEngine.create(config, MediaListener.NONE); BenchPhones phones = new BenchPhones()) {
            List<MediaLeg> legs = new ArrayList<>();
            double[] tones = {440, 1000, 2000};
            for (int c = 0; c < calls; c++) {
                MediaRoom room = engine.openRoom("call-" + c);
                for (int p = 0; p < 3; p++) {
                    MediaLeg leg = room.addLeg(p == 0 ? "customer" : p == 1 ? "agent" : "supervisor");
                    leg.configure(LegMedia.of(G711Codec.PCMU, phones.add(config.bindHost(), leg.localPort(), tones[p])));
                    legs.add(leg);
                }
                room.setPlan(MixPlan.builder().hears(0, 1).hears(1, 0).hears(2, 0, 1).records(0, 1).build());
            }
            // The set-up's garbage (sockets, legs, plans) is collected now, not during the measurement.
            System.gc();
            engine.start();
            phones.start(phoneThreads);
            // Unmeasured: the JIT compiles the tick path, the phones' and the engine's schedules settle.
            pause(warmUpSeconds * 1_000_000_000L);
            engine.resetTickStats();
            long[] engineBefore = engineCounters(legs);
            long cpuBefore = processCpuNanos();
            long machineBefore = machineBusyNanos();
            long gcsBefore = collections();
            long tickersBefore = threadsCpuNanos(engine.tickerThreads());
            long phonesBefore = threadsCpuNanos(phones.threads());
            long wallBefore = System.nanoTime();
            pause(seconds * 1_000_000_000L);
            long wall = System.nanoTime() - wallBefore;
            long cpu = processCpuNanos() - cpuBefore;
            long tickersCpu = threadsCpuNanos(engine.tickerThreads()) - tickersBefore;
            long phonesCpu = threadsCpuNanos(phones.threads()) - phonesBefore;
            long gcs = collections() - gcsBefore;
            long machine = machineBusyNanos() - machineBefore;
            double othersPercent = machineBefore < 0 || machine < 0 ? Double.NaN : Math.max(0, 100.0 * (machine - cpu) / wall);
            long[] engineAfter = engineCounters(legs);
            TickStats ticks = engine.tickStats();
            double wallSeconds = wall / 1e9;
            // Frames the engine owed its legs in this time and did not send (skipped ticks, failed sends).
            long sent = engineAfter[1] - engineBefore[1];
            long missingFrames = Math.max(0, Math.round(legs.size() * wallSeconds * 50) - sent);
            Runtime runtime = Runtime.getRuntime();
            long heapMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
            return new StepResult(calls, legs.size(), (engineAfter[0] - engineBefore[0]) / wallSeconds,
                    sent / wallSeconds, ticks, missingFrames, engineAfter[2] - engineBefore[2], engineAfter[3] - engineBefore[3],
                    100.0 * tickersCpu / wall, 100.0 * phonesCpu / wall, 100.0 * cpu / wall, othersPercent, gcs, heapMb);
        }
    }

    /** Received, sent, jitter-buffer silence (lost) and packets too late to play over all legs. */
    private static long[] engineCounters(List<MediaLeg> legs) {
        long[] totals = new long[4];
        for (MediaLeg leg : legs) {
            LegStats stats = leg.stats();
            totals[0] += stats.rtpReceived();
            totals[1] += stats.rtpSent();
            totals[2] += stats.lost();
            totals[3] += stats.late();
        }
        return totals;
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }

    /** Busy time of all cores (user, nice, system, irq, softirq, steal), from /proc/stat; -1 where there is none. */
    private static long machineBusyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busyTicks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busyTicks += Long.parseLong(fields[i]);
            }
            // USER_HZ is 100 on every Linux this runs on.
            return busyTicks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long threadsCpuNanos(List<Thread> threads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : threads) {
            total += Math.max(0, mx.getThreadCpuTime(thread.getId()));
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void pause(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static int[] parseList(String list) {
        String[] parts = list.split(",");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i].trim());
        }
        return values;
    }

    /** One step's measurements. */
    private record StepResult(int calls, int legs, double packetsInPerSecond, double packetsOutPerSecond, TickStats ticks,
                              long missingFrames, long lostFrames, long latePackets, double tickersCpuPercent,
                              double phonesCpuPercent, double cpuPercent, double othersCpuPercent, long gcs, long heapMb) {

        String row() {
            return String.format("| %d | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d | %d | %d | %d "
                    + "| %.0f | %.0f | %.0f | %.0f | %d | %d |",
                    calls, legs, packetsInPerSecond, packetsOutPerSecond, ticks.p50Micros() / 1000.0, ticks.p99Micros() / 1000.0,
                    ticks.maxMicros() / 1000.0, ticks.cpuP50Micros() / 1000.0, ticks.cpuP99Micros() / 1000.0, ticks.lateTicks(),
                    ticks.skippedTicks(), missingFrames, lostFrames, latePackets, tickersCpuPercent, phonesCpuPercent, cpuPercent,
                    othersCpuPercent, gcs, heapMb);
        }
    }
}
