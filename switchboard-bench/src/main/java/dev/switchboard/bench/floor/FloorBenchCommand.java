package dev.switchboard.bench.floor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.switchboard.bench.full.BenchCommand;
import dev.switchboard.bench.full.ServerChild;

/**
 * {@code ./switchboard bench-floor}: the supervisor console's floor at scale in headless Chromium (see
 * {@link FloorBenchRun}). Prints the report on stdout and writes {@code floor-bench.json} and {@code floor-bench.html} to
 * {@code --out}. Exit code 0 when the run measured everything with no page error and no failed request, 3 when it
 * finished with some, 1 on failure.
 */
@Command(name = "bench-floor", mixinStandardHelpOptions = true,
        description = "Floor benchmark: supervisor1's floor of a generated contact center in headless Chromium (Playwright): time to "
                + "rows and counts, page heap, then long tasks, frame times and REST-to-row latency while agents churn.")
public final class FloorBenchCommand implements Callable<Integer> {
    /** Agents 1..5 are the probes; the churning agents are spread over the rest. */
    private static final int PROBES = 5;

    @Option(names = "--quick", description = "1,000 agents, 50 churning, an 8 s window: under a minute")
    boolean quick;

    @Option(names = "--agents", description = "Agents in the supervisor's group (default: 10000; 1000 with --quick)")
    Integer agents;

    @Option(names = "--churn", description = "Agents changing state and taking simulated calls during the window (default: 200; "
            + "50 with --quick)")
    Integer churn;

    @Option(names = "--window", description = "How long the agents churn while the page is measured, e.g. 20s (default: 20s; "
            + "8s with --quick)")
    String window;

    @Option(names = "--out", description = "Output directory (default: bench-floor-out)", defaultValue = "bench-floor-out")
    Path out;

    @Option(names = "--chromium", description = "The Chromium binary (default: $CHROMIUM, else /usr/lib/chromium/chromium)")
    Path chromium;

    @Option(names = "--node-dir", description = "Where npm ci installs playwright-core for the script (default: "
            + "switchboard-bench/target/bench-floor-node, next to the bench jar)")
    Path nodeDir;

    @Mixin
    ServerChild server = new ServerChild();

    public static void main(String[] args) {
        System.exit(new CommandLine(new FloorBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int a = agents != null ? agents : quick ? 1000 : 10_000;
        int c = churn != null ? churn : quick ? 50 : 200;
        if (a < PROBES + 1 || c < 0 || c > a - PROBES) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--agents must be over " + PROBES
                    + " (agent1..agent" + PROBES + " are the probes) and --churn at most the agents left");
        }
        Duration w = BenchCommand.parse(window, Duration.ofSeconds(quick ? 8 : 20));
        Path browser = chromium != null ? chromium : Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/lib/chromium/chromium"));
        if (!Files.isExecutable(browser)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Chromium not found at " + browser
                    + ": apt-get install -y --no-install-recommends chromium, or give --chromium");
        }
        FloorBenchRun.Settings settings = new FloorBenchRun.Settings(a, c, w, out.toAbsolutePath(), server.jar(), server.javaOptions(),
                browser, nodeDir != null ? nodeDir.toAbsolutePath() : defaultNodeDir());
        ObjectNode figures = new FloorBenchRun(settings, System.err::println).run();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("floor-bench.json").toFile(), figures);
        Files.writeString(out.resolve("floor-bench.html"), FloorReport.html(figures), StandardCharsets.UTF_8);
        System.out.print(FloorReport.text(figures));
        System.out.println("report: " + out.resolve("floor-bench.html").toAbsolutePath() + ", "
                + out.resolve("floor-bench.json").toAbsolutePath());
        System.out.flush();
        return FloorReport.clean(figures) ? 0 : 3;
    }

    /** {@code bench-floor-node} beside the bench jar (switchboard-bench/target), or beside target/classes in a build. */
    private Path defaultNodeDir() {
        try {
            Path self = Path.of(FloorBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.getParent().resolve("bench-floor-node");
        } catch (Exception unknown) {
            return out.toAbsolutePath().resolve("node");
        }
    }
}
