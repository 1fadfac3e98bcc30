package dev.switchboard.bench.full;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./switchboard bench}: the full-path benchmark (issue 5). Starts the server and the bare baseline as child
 * processes on loopback, drives them with real CometD desks, prints a summary on stdout and writes
 * {@code bench.json} and {@code bench.html} to {@code --out}. Exit code 0 when every notification stream is clean,
 * 3 when not, 1 on failure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Full-path benchmark: REST → switch → CometD delivery to real clients, next to a bare CometD baseline.")
public final class BenchCommand implements Callable<Integer> {
    /** Agents of the agent-state burst: as many concurrent requests as the server's journal may group. */
    private static final int BURST_AGENTS = 32;

    @Option(names = "--quick", description = "Small numbers, under 60 s: a regression check")
    boolean quick;

    @Option(names = "--agents", description = "Agents (default: 1000; 50 with --quick)")
    Integer agents;

    @Option(names = "--supervisors", description = "Supervisors, each listening in on one agent (default: 100; 5 with --quick)")
    Integer supervisors;

    @Option(names = "--rate", description = "Calls per second of the first step; each next step offers 1.5 times more "
            + "(default: 50; 5 with --quick)")
    Double rate;

    @Option(names = "--transport", description = "websocket or long-polling (default: websocket)", defaultValue = "websocket")
    String transport;

    @Option(names = "--duration", description = "Bound on the stepped load, e.g. 120s or 2m (default: 120s; 20s with --quick)")
    String duration;

    @Option(names = "--step", description = "Length of one rate step (default: 10s; 5s with --quick)")
    String step;

    @Option(names = "--out", description = "Output directory (default: bench-out)", defaultValue = "bench-out")
    Path out;

    @Option(names = "--talk", description = "How long an agent talks before hanging up, e.g. 1s or 300ms (default: 1s; 500ms "
            + "with --quick)")
    String talk;

    @Option(names = "--profile", description = "Record the server and the baseline with JDK Flight Recorder (profile settings) "
            + "into server.jfr and baseline.jfr under --out")
    boolean profile;

    @Option(names = "--store-url", description = "The server's store, e.g. jdbc:postgresql://127.0.0.1:5432/bench?user=postgres "
            + "(default: H2 in a temporary data directory)")
    String storeUrl;

    @Option(names = "--baseline-samples", description = "Recorded bare deliveries per baseline series; the unrecorded warm-up "
            + "before each timed series is five times as many operations (default: 2000; 200 with --quick)")
    Integer baselineSamples;

    @Mixin
    ServerChild server = new ServerChild();

    @Option(names = "--agent-states", description = "The server's server.durability.agentStates: sync (replies wait for the "
            + "journal's fdatasync) or async (default: sync)", defaultValue = "sync")
    String agentStates;

    @Option(names = "--burst", description = "Length of the agent-state burst, 32 agents going NotReady and Ready at once "
            + "(default: 10s; 3s with --quick)")
    String burst;

    @Option(names = "--quiet-rounds", description = "Rounds of the quiet durable operations, each a NotReady, Ready, "
            + "echo and DND pair per agent and as many ListenIn: more rounds narrow each p99's interval (default: 1)",
            defaultValue = "1")
    int quietRounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!transport.equals("websocket") && !transport.equals("long-polling")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--transport must be websocket or long-polling");
        }
        if (!agentStates.equals("sync") && !agentStates.equals("async")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--agent-states must be sync or async");
        }
        if (quietRounds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--quiet-rounds must be positive");
        }
        if (baselineSamples != null && baselineSamples < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--baseline-samples must be positive");
        }
        int a = agents != null ? agents : quick ? 50 : 1000;
        int s = supervisors != null ? supervisors : quick ? 5 : 100;
        double r = rate != null ? rate : quick ? 5 : 50;
        Duration d = parse(duration, quick ? Duration.ofSeconds(20) : Duration.ofSeconds(120));
        Duration st = parse(step, quick ? Duration.ofSeconds(5) : Duration.ofSeconds(10));
        int talkMillis = (int) parse(talk, Duration.ofMillis(quick ? 500 : 1000)).toMillis();
        int samples = baselineSamples != null ? baselineSamples : quick ? 200 : 2000;
        BenchRun.Settings settings = new BenchRun.Settings(a, s, r, 1.5, quick ? 4 : 12, transport.equals("websocket"), d, st,
                100, talkMillis, 1, samples, out.toAbsolutePath(), server.jar(), classpath(), profile,
                storeUrl, server.javaOptions(), agentStates.equals("sync"), BURST_AGENTS,
                parse(burst, Duration.ofSeconds(quick ? 3 : 10)), quietRounds);
        BenchResult result = new BenchRun(settings, System.err::println).run();
        Files.writeString(out.resolve("bench.json"), Report.json(result), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("bench.html"), Report.html(result), StandardCharsets.UTF_8);
        System.out.print(Report.text(result));
        System.out.println("report: " + out.resolve("bench.html").toAbsolutePath() + ", " + out.resolve("bench.json").toAbsolutePath());
        System.out.flush();
        return result.streams().clean() && result.baselineStreams().clean() ? 0 : 3;
    }

    /** {@code 90s}, {@code 2m}, or a number of seconds. */
    public static Duration parse(String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }

    /** The class path the baseline child runs from: this jar, or this JVM's class path when not run from a jar. */
    private static String classpath() {
        try {
            Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                return self.toString();
            }
        } catch (Exception notAFile) {
            // fall through
        }
        return System.getProperty("java.class.path");
    }
}
