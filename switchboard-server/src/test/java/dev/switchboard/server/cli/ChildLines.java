package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of a real-process test (the launcher, or a helper main) with its standard output as a queue of lines
 * and its standard error kept for messages; closing it stops it with SIGTERM, then SIGKILL.
 */
final class ChildLines implements AutoCloseable {
    /** The ready line of {@code ./switchboard demo|serve} on 127.0.0.1; group 1 is the HTTP port. */
    static final Pattern READY = Pattern.compile("Switchboard ready on http://127\\.0\\.0\\.1:(\\d+)");

    private static final String END = "\u0000end of output";
    private final Process process;
    private final Duration shutdown;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    /** @param shutdown how long a stop or a kill may take */
    ChildLines(ProcessBuilder builder, Duration shutdown) throws IOException {
        this.process = builder.start();
        this.shutdown = shutdown;
        drain(process.getInputStream(), "stdout", stdout::add, () -> stdout.add(END));
        drain(process.getErrorStream(), "stderr", line -> stderr.append(line).append('\n'), () -> { });
    }

    /** {@code ./switchboard ARGS} from the repository root. */
    static ProcessBuilder launcher(String... args) {
        Path root = repositoryRoot();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("switchboard").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(root.toFile());
    }

    /** The repository root: the nearest directory up from the working directory that holds the launcher. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("switchboard")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No ./switchboard launcher above " + Path.of("").toAbsolutePath());
    }

    private static void drain(InputStream stream, String name, Consumer<String> onLine, Runnable onEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException closed) {
                onLine.accept("[" + name + " closed: " + closed.getMessage() + "]");
            } finally {
                onEnd.run();
            }
        }, "child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The next line of standard output that matches, waiting at most until {@code deadline} (System.nanoTime). */
    Matcher next(Pattern pattern, long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : stdout.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                return fail("No line matching %s (%s); stdout so far:%n%s%nstderr:%n%s", pattern,
                        line == null ? "timed out" : "the process ended", String.join("\n", seen), stderr);
            }
            seen.add(line);
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
    }

    /** The HTTP port of the ready line, waiting at most {@code startup}. */
    int port(Duration startup) throws InterruptedException {
        return Integer.parseInt(next(READY, System.nanoTime() + startup.toNanos()).group(1));
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(shutdown.toMillis(), TimeUnit.MILLISECONDS)).as("killed process gone").isTrue();
    }

    /** SIGTERM, and wait until the process has stopped by itself. */
    void terminate() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(shutdown.toMillis(), TimeUnit.MILLISECONDS)).as("stopped process gone; stderr:%n%s", stderr)
                .isTrue();
    }

    /** SIGTERM; SIGKILL when it does not stop in time (or when interrupted while waiting). */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (process.waitFor(shutdown.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
