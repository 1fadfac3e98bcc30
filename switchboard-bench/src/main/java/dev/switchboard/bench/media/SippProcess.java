package dev.switchboard.bench.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sipp process on 127.0.0.1, in a working directory of its own, its screen and logs there; {@link #close} always
 * ends it (SIGTERM, then SIGKILL). Every run is bounded by sipp's own {@code -timeout} and by {@link #waitFor}.
 */
final class SippProcess implements AutoCloseable {
    private static final Pattern SUCCESSFUL = Pattern.compile("Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("Failed call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");

    private final Process process;
    private final Path log;

    private SippProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code sipp} with the scenario {@code name} (a resource next to this class) and {@code arguments}, in
     * {@code dir}; {@code target} is the server's {@code 127.0.0.1:PORT}, or null for a UAS.
     */
    static SippProcess start(Path sipp, Path dir, String name, String target, List<String> arguments) throws IOException {
        Files.createDirectories(dir);
        Path scenario = dir.resolve(name + ".xml");
        try (InputStream in = SippProcess.class.getResourceAsStream(name + ".xml")) {
            if (in == null) {
                throw new IOException("No sipp scenario " + name + ".xml next to " + SippProcess.class.getName());
            }
            Files.copy(in, scenario, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(sipp.toString()));
        if (target != null) {
            command.add(target);
        }
        command.addAll(List.of("-sf", scenario.toString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-nostdin", "-trace_err"));
        command.addAll(arguments);
        Path log = dir.resolve(name + ".out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new SippProcess(process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for sipp to exit: its exit code, or -1 if it had to be stopped. */
    int waitFor(long seconds) {
        try {
            if (process.waitFor(seconds, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        close();
        return -1;
    }

    /** The successful and failed calls of sipp's last statistics screen (sipp prints it on exit); -1 when absent. */
    long[] calls() {
        String text = output();
        return new long[] {last(SUCCESSFUL, text), last(FAILED, text)};
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path log() {
        return log;
    }

    private static long last(Pattern pattern, String text) {
        long value = -1;
        for (Matcher matcher = pattern.matcher(text); matcher.find();) {
            value = Long.parseLong(matcher.group(1));
        }
        return value;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
