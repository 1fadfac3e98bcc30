package dev.switchboard.bench.media;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.switchboard.bench.full.ServerChild;

/**
 * {@code ./switchboard bench-media}: the mixer under load through the real SIP path (see {@link MediaBenchRun}). Prints
 * a Markdown table on stdout and writes {@code media-bench.md} and {@code media-bench.json} to {@code --out}. Exit code
 * 0 when every step ran (saturated or not), 1 on failure.
 */
@Command(name = "bench-media", mixinStandardHelpOptions = true,
        description = "Media benchmark: concurrent monitored calls from a sipp customer to sipp phones through the server's "
                + "SIP B2BUA and mixer, stepped up until the mixer's tick p99, late ticks or failed calls say saturated.")
public final class MediaBenchCommand implements Callable<Integer> {
    @Option(names = "--steps", split = ",", description = "Concurrent calls of each step (default: 50,100,200,300,400,500)")
    List<Integer> steps = List.of(50, 100, 200, 300, 400, 500);

    @Option(names = "--supervisors", description = "Supervisors, supervisor i listening in on agent i's calls "
            + "(default: the largest step: every call monitored)")
    Integer supervisors;

    @Option(names = "--rate", description = "Calls per second the customers' sipp places (default: 50)", defaultValue = "50")
    double rate;

    @Option(names = "--window", description = "Measured window of a step, while every call is up, e.g. 15s (default: 15s)",
            defaultValue = "15s")
    String window;

    @Option(names = "--p99-limit", description = "Tick p99 above which a step is saturated, ms (default: 5)", defaultValue = "5")
    double p99LimitMs;

    @Option(names = "--all-steps", description = "Run every step, also after saturation")
    boolean allSteps;

    @Option(names = "--rtp-ports", description = "The server's RTP port range (default: 20000-29999)", defaultValue = "20000-29999")
    String rtpPorts;

    @Option(names = "--out", description = "Output directory (default: bench-media-out)", defaultValue = "bench-media-out")
    Path out;

    @Option(names = "--sipp", description = "The sipp binary (default: /usr/bin/sipp)", defaultValue = "/usr/bin/sipp")
    Path sipp;

    @Mixin
    ServerChild server = new ServerChild();

    public static void main(String[] args) {
        System.exit(new CommandLine(new MediaBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (steps.isEmpty() || steps.stream().anyMatch(s -> s < 1)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--steps must be positive numbers of calls");
        }
        if (!Files.isExecutable(sipp)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "sipp not found at " + sipp
                    + ": apt-get install -y --no-install-recommends sip-tester, or give --sipp");
        }
        int agents = Collections.max(steps);
        int s = supervisors != null ? supervisors : agents;
        MediaBenchRun.Settings settings = new MediaBenchRun.Settings(List.copyOf(steps), agents, s, rate,
                dev.switchboard.bench.full.BenchCommand.parse(window, Duration.ofSeconds(15)), p99LimitMs, allSteps, rtpPorts,
                out.toAbsolutePath(), server.jar(), new ArrayList<>(server.javaOptions()), sipp);
        MediaBenchRun.Result result = new MediaBenchRun(settings, System.err::println).run();
        String table = MediaStep.table(result.steps());
        String report = "Media benchmark: " + result.settings() + "\n\n" + table + "\n" + result.verdict() + "\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve("media-bench.md"), report, StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", result.settings());
        json.put("steps", result.steps());
        json.put("verdict", result.verdict());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("media-bench.json").toFile(), json);
        System.out.print(report);
        System.out.println("report: " + out.resolve("media-bench.md").toAbsolutePath() + ", "
                + out.resolve("media-bench.json").toAbsolutePath());
        System.out.flush();
        return 0;
    }
}
