package dev.switchboard.bench.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.switchboard.sip.support.ExternalTool;

/**
 * The media benchmark with one small step, as {@code ./switchboard bench-media} runs it: the packaged bench jar in its
 * own JVM, the packaged server and sipp as its children. Asserts that it finishes, writes its reports and measured a
 * step with its calls set up, RTP flowing and tick statistics; never asserts a duration. Skipped without sipp, except in
 * CI ({@link ExternalTool}).
 */
class MediaBenchSmokeIT {

    @Test
    void oneSmallStepThroughSipp() throws Exception {
        Path sipp = ExternalTool.sipp();
        Path out = Path.of("target", "bench-media-smoke").toAbsolutePath();
        Path log = out.resolveSibling("bench-media-smoke.log");
        Path jar = Path.of("target", "switchboard-bench-jmh.jar").toAbsolutePath();
        Process bench = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), MediaBenchCommand.class.getName(), "--steps", "10", "--window", "5s", "--rate", "20",
                "--sipp", sipp.toString(), "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(bench.waitFor(120, TimeUnit.SECONDS)).as("bench-media finished within 120 s").isTrue();
        } finally {
            bench.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(bench.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(out.resolve("media-bench.md")).isRegularFile();
        JsonNode steps = new ObjectMapper().readTree(out.resolve("media-bench.json").toFile()).path("steps");
        assertThat(steps.size()).as("steps; output:%n%s", output).isEqualTo(1);
        JsonNode step = steps.get(0);
        assertThat(step.path("calls").asInt()).isEqualTo(10);
        assertThat(step.path("callsUp").asInt()).as("calls set up; output:%n%s", output).isEqualTo(10);
        assertThat(step.path("monitored").asInt()).as("calls listened in on").isEqualTo(10);
        assertThat(step.path("legs").asInt()).isEqualTo(30);
        assertThat(step.path("failedCalls").asLong()).as("failed calls; output:%n%s", output).isZero();
        assertThat(step.path("packetsOutPerSecond").asDouble()).as("RTP sent").isPositive();
        assertThat(step.path("packetsInPerSecond").asDouble()).as("RTP echoed back").isPositive();
        assertThat(step.path("tickP50Ms").asDouble()).as("tick p50").isNotZero();
        assertThat(step.path("tickP99Ms").asDouble()).as("tick p99").isNotZero();
        assertThat(output).contains("| 10 | 10 | 10 | 30 |", "report: ");
    }
}
