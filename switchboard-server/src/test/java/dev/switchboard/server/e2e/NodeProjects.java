package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** The Node projects the tests run (a script, its package.json and lock), installed under target with {@code npm ci}. */
public final class NodeProjects {
    private NodeProjects() {
    }

    /**
     * Copies {@code files} (the package files and the scripts) from {@code source} to {@code work} and runs
     * {@code npm ci} there, unless {@code module} is installed already from the same lock.
     */
    public static void install(Path source, Path work, String module, String... files) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path lock = work.resolve("package-lock.json");
        boolean installed = Files.isDirectory(work.resolve("node_modules").resolve(module)) && Files.exists(lock)
                && Files.mismatch(lock, source.resolve("package-lock.json")) == -1;
        for (String file : files) {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (installed) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(work.toFile()).redirectErrorStream(true)
                .start();
        boolean exited = npm.waitFor(300, TimeUnit.SECONDS);
        if (!exited) {
            npm.destroyForcibly();
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited && npm.exitValue() == 0).as("npm ci in %s:%n%s", work, output).isTrue();
    }

    /** Whether {@code command} runs and exits 0 within 30 s (is a tool installed?). */
    public static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException missing) {
            return false;
        }
    }
}
