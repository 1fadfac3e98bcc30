package dev.switchboard.bench.floor;

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
 * {@code ./switchboard bench-floor --quick} as the launcher runs it: the packaged bench jar in its own JVM, the packaged
 * server, node and Debian's Chromium as its children, smaller still (300 agents, 20 churning for 4 s: the whole path in
 * about 15 s; the grid keeps its rows virtual from a few dozen agents on).
 * Asserts that it finishes cleanly, writes its reports and measured every figure, and that the grid keeps only the rows
 * in view in the page; never asserts a duration. Skipped without Chromium, node or npm, except in CI ({@link ExternalTool}).
 */
class FloorBenchSmokeIT {

    @Test
    void quickRunMeasuresTheFloor() throws Exception {
        Path chromium = ExternalTool.require("Chromium", System.getenv().getOrDefault("CHROMIUM", "/usr/lib/chromium/chromium"),
                "chromium");
        ExternalTool.require("node", "/usr/bin/node", "nodejs");
        ExternalTool.require("npm", "/usr/bin/npm", "npm");
        Path out = Path.of("target", "bench-floor-smoke").toAbsolutePath();
        Path log = out.resolveSibling("bench-floor-smoke.log");
        Path jar = Path.of("target", "switchboard-bench-jmh.jar").toAbsolutePath();
        Process bench = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), FloorBenchCommand.class.getName(), "--quick", "--agents", "300", "--churn", "20",
                "--window", "4s", "--chromium", chromium.toString(), "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(bench.waitFor(90, TimeUnit.SECONDS)).as("bench-floor --quick finished within 90 s").isTrue();
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(bench.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(out.resolve("floor-bench.html")).isRegularFile();
        JsonNode figures = new ObjectMapper().readTree(out.resolve("floor-bench.json").toFile());
        assertThat(figures.path("settings").path("agents").asInt()).isEqualTo(300);
        assertThat(figures.path("rowsOnScreenMs").asLong()).as("rows on screen").isPositive();
        assertThat(figures.path("rowsInPage").asInt()).as("only the rows in view are in the page").isBetween(1, 100);
        assertThat(figures.path("lastCountsMs").asLong()).as("the last agent's counts").isGreaterThanOrEqualTo(
                figures.path("firstCountsMs").asLong()).isPositive();
        assertThat(figures.path("loaded").path("jsHeapUsedMb").asDouble()).as("JS heap").isPositive();
        JsonNode window = figures.path("window");
        assertThat(window.path("callsPerSecond").asDouble()).as("simulated calls answered; output:%n%s", output).isPositive();
        assertThat(window.path("frameMs").path("count").asInt()).as("frames timed").isPositive();
        assertThat(window.path("restToRowMs").path("count").asInt()).as("REST changes seen in the row").isPositive();
        assertThat(window.path("restToRowMs").path("max").asDouble()).isPositive();
        assertThat(figures.path("pageErrors")).as("page errors").isEmpty();
        assertThat(output).contains("REST change \u2192 row shows it", "report: ");
    }
}
