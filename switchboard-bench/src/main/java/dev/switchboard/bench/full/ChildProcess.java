package dev.switchboard.bench.full;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as a child process: its output goes to a log file, and {@link #start} returns once it prints a
 * line matching the ready pattern (whose first group is the base URL), or fails after a bounded wait. {@link #close}
 * always ends it: SIGTERM, then SIGKILL after a few seconds.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final String baseUrl;

    private ChildProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code command}, logging to {@code log}, and waits up to {@code timeout} for {@code ready}. */
    public static ChildProcess start(List<String> command, Path log, Pattern ready, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready, url), "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            return new ChildProcess(process, url.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IOException("Interrupted while starting " + command, interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            stop(process);
            throw new IOException("Child did not become ready within " + timeout + ": " + command + " (see " + log + ")", failed);
        }
    }

    private static void pump(Process process, Path log, Pattern ready, CompletableFuture<String> url) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher matcher = ready.matcher(line);
                if (!url.isDone() && matcher.find()) {
                    url.complete(matcher.group(1));
                }
            }
        } catch (IOException | UncheckedIOException failed) {
            url.completeExceptionally(failed);
        }
        url.completeExceptionally(new IOException("Child exited before it was ready"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A command line: {@code head} followed by {@code tail}. */
    public static List<String> command(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** The {@code java} of the JDK this runs on. */
    public static String javaBin() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
