package dev.switchboard.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code switchboard.pid} in the data directory: which process holds the embedded database, so that a second server
 * started on the same directory can say who holds it. Written once the database is open, removed when it closes.
 */
public final class PidFile implements AutoCloseable {
    public static final String NAME = "switchboard.pid";
    /** H2's error code for a database file another process has open ({@code DATABASE_ALREADY_OPEN_1}). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final Path file;
    private final long pid;

    private PidFile(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /** Writes this process's pid into {@code dataDir}; a failure to write only loses the hint, so it is not fatal. */
    public static Optional<PidFile> write(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        long pid = ProcessHandle.current().pid();
        try {
            Files.writeString(file, pid + "\n", StandardCharsets.UTF_8);
            return Optional.of(new PidFile(file, pid));
        } catch (IOException unwritable) {
            return Optional.empty();
        }
    }

    /** The pid written in {@code dataDir}, when there is one and that process is alive. */
    public static Optional<Long> holder(Path dataDir) {
        try {
            long pid = Long.parseLong(Files.readString(dataDir.resolve(NAME), StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    /** Whether a failure to open the store is H2 saying that another process has the database open. */
    public static boolean isLocked(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    public Path file() {
        return file;
    }

    /** Removes the file, unless another process has written its own pid there since. */
    @Override
    public void close() {
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).trim().equals(Long.toString(pid))) {
                Files.delete(file);
            }
        } catch (IOException | RuntimeException gone) {
            // Already removed, or unreadable: nothing to clean up.
        }
    }
}
