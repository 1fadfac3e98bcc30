package dev.switchboard.bench.floor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor benchmark's Node project (its script, {@code package.json} and {@code package-lock.json}, resources of this
 * package) written to a directory, with {@code playwright-core} installed there by {@code npm ci} from the lock file;
 * skipped when the same lock is installed already.
 */
final class NodeProject {
    static final String SCRIPT = "floor-bench.js";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", SCRIPT);
    private static final String MODULE = "playwright-core";

    private NodeProject() {
    }

    /** Writes the project to {@code dir} and installs it unless installed from the same lock; returns {@code dir}. */
    static Path install(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        byte[] lock = resource("package-lock.json");
        Path installedLock = dir.resolve("package-lock.json");
        boolean installed = Files.isDirectory(dir.resolve("node_modules").resolve(MODULE)) && Files.isRegularFile(installedLock)
                && Arrays.equals(Files.readAllBytes(installedLock), lock);
        for (String file : FILES) {
            try (InputStream in = NodeProject.class.getResourceAsStream(file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (installed) {
            return dir;
        }
        Path log = dir.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!npm.waitFor(300, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IOException("npm ci in " + dir + " did not finish within 300 s");
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm ci in " + dir + " failed (exit " + npm.exitValue() + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return dir;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NodeProject.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Resource " + name + " missing next to " + NodeProject.class.getName());
            }
            return in.readAllBytes();
        }
    }
}
