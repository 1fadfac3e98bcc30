package dev.switchboard.bench.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick benchmark with tiny numbers, as {@code ./switchboard bench} runs it: the packaged bench jar in its own JVM,
 * with the packaged server and the baseline as its children. Asserts that it finishes, writes its reports, measured
 * every latency and found every notification stream clean; never asserts a figure.
 */
class BenchSmokeIT {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void quickRunWithTinyNumbers(String transport) throws Exception {
        Path out = Path.of("target", "bench-smoke-" + transport).toAbsolutePath();
        Path jar = Path.of("target", "switchboard-bench-jmh.jar").toAbsolutePath();
        Process bench = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), BenchCommand.class.getName(), "--quick", "--agents", "10", "--supervisors", "2", "--rate", "2",
                "--duration", "6s", "--step", "3s", "--burst", "1s", "--baseline-samples", "20", "--transport", transport,
                "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(out.resolveSibling("bench-smoke.log").toFile()).start();
        try {
            assertThat(bench.waitFor(120, TimeUnit.SECONDS)).as("bench finished within 120 s").isTrue();
        } finally {
            bench.destroyForcibly();
        }
        String log = Files.readString(out.resolveSibling("bench-smoke.log"));
        assertThat(bench.exitValue()).as("exit code; output:%n%s", log).isZero();
        assertThat(out.resolve("bench.html")).isRegularFile();
        assertThat(out.resolve("bench-contact-center.yaml")).isRegularFile();
        assertThat(Files.readString(out.resolve("bench.html"))).contains("<svg");
        JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        for (String name : List.of(BenchRun.READY, BenchRun.LISTEN_IN, BenchRun.ANSWER_AGENT, BenchRun.ANSWER_SUPERVISOR)) {
            assertThat(json.path("latencies").path(name).path("nanos").path("count").asLong()).as(name).isPositive();
        }
        assertThat(json.path("baseline").path("count").asLong()).isPositive();
        assertThat(json.path("steps").size()).isPositive();
        for (String streams : List.of("streams", "baselineStreams")) {
            JsonNode figures = json.path(streams);
            assertThat(figures.path("sent").asLong()).as(streams + " sent").isPositive();
            assertThat(figures.path("lost").asLong()).as(streams + " lost").isZero();
            assertThat(figures.path("duplicated").asLong()).as(streams + " duplicated").isZero();
            assertThat(figures.path("outOfOrder").asLong()).as(streams + " out of order").isZero();
            assertThat(figures.path("unexpected").asLong()).as(streams + " unexpected").isZero();
        }
        assertThat(log).contains("report: ").contains("transport=" + transport);
    }
}
