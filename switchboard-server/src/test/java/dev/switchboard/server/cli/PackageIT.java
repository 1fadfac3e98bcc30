package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution {@code ./mvnw package} makes, as an operator uses it: unpacked in a temporary directory, its
 * {@code bin/switchboard} checks the shipped configuration, starts the demo on a free port, and stops on SIGTERM.
 */
class PackageIT {
    private static final Pattern READY = Pattern.compile("Switchboard ready on http://127\\.0\\.0\\.1:\\d+");
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private static Path tarball() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> found = files.filter(file -> file.getFileName().toString().matches("switchboard-.+\\.tar\\.gz")).toList();
            assertThat(found).as("target/switchboard-VERSION.tar.gz").hasSize(1);
            return found.get(0).toAbsolutePath();
        }
    }

    @Test
    void theUnpackedDistributionChecksStartsAndStops() throws Exception {
        Path tarball = tarball();
        Process untar = new ProcessBuilder("tar", "-xzf", tarball.toString()).directory(temp.toFile()).inheritIO().start();
        assertThat(untar.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).isZero();
        String version = tarball.getFileName().toString().replaceFirst("^switchboard-", "").replaceFirst("\\.tar\\.gz$", "");
        Path home = temp.resolve("switchboard-" + version);
        assertThat(home.resolve("bin/switchboard")).isExecutable();
        assertThat(home.resolve("lib/switchboard.jar")).isRegularFile();
        assertThat(home.resolve("config/demo.yaml")).isRegularFile();
        assertThat(home.resolve("systemd/switchboard.service")).content().contains("ExecStart=/opt/switchboard/bin/switchboard serve");
        assertThat(home.resolve("README.md")).content().startsWith("# Switchboard " + version);

        Path checkOutput = temp.resolve("check.txt");
        Process check = new ProcessBuilder(home.resolve("bin/switchboard").toString(), "check-config", "config/demo.yaml")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(checkOutput.toFile()).start();
        try {
            assertThat(check.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(Files.readString(checkOutput)).isZero();
            assertThat(checkOutput).content().startsWith("OK: config/demo.yaml: ");
        } finally {
            check.destroyForcibly();
        }

        Path out = temp.resolve("stdout.txt");
        Path err = temp.resolve("stderr.txt");
        Process server = new ProcessBuilder(home.resolve("bin/switchboard").toString(), "demo", "--port", "0", "--sip-port", "0",
                "--traffic", "0",
                "--data-dir", temp.resolve("data").toString())
                .directory(temp.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(LIMIT).until(() -> READY.matcher(Files.readString(out, StandardCharsets.UTF_8)).find() || !server.isAlive());
            assertThat(Files.readString(out)).as("stderr:%n%s", Files.readString(err)).containsPattern(READY);
            // The launcher execs the JVM: this PID is the server's, and SIGTERM stops it cleanly.
            ProcessHandle.of(server.pid()).orElseThrow().destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s of SIGTERM").isTrue();
            assertThat(server.exitValue()).isIn(0, 143);
            assertThat(err).content().contains("event=start version=").containsPattern("event=stop .* store=closed");
        } finally {
            ProcessHandle.of(server.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
