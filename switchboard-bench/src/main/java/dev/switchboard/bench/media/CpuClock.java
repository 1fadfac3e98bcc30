package dev.switchboard.bench.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's {@code /proc}, in nanoseconds (clock ticks of 10 ms, the usual {@code CLK_TCK} of 100): of one
 * process ({@code /proc/PID/stat} user + system), and of the whole machine ({@code /proc/stat}: user, nice, system,
 * irq, softirq, steal). -1 where there is no {@code /proc} or the process is gone.
 */
final class CpuClock {
    private static final long TICK_NANOS = 10_000_000L;

    private CpuClock() {
    }

    /** CPU time of process {@code pid}, or -1. */
    static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name's.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
        } catch (IOException | RuntimeException absent) {
            return -1;
        }
    }

    /** Busy time of all cores, or -1. */
    static long machineNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy * TICK_NANOS;
        } catch (IOException | RuntimeException absent) {
            return -1;
        }
    }
}
