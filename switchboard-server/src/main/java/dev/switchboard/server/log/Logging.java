package dev.switchboard.server.log;

import java.util.List;
import java.util.Locale;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

/**
 * The log's level and its end. Levels come from {@code logback.xml} ({@code SWITCHBOARD_LOG_LEVEL}, INFO by default)
 * unless {@code --log-level} says otherwise; {@link #flush()} stops Logback so that the asynchronous appender writes
 * what it holds before the JVM exits.
 */
public final class Logging {
    /** The levels {@code --log-level} accepts. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private Logging() {
    }

    /** Sets the root level; {@code level} must be one of {@link #LEVELS} (any case). */
    public static void setLevel(String level) {
        String name = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(name)) {
            throw new IllegalArgumentException("unknown log level '" + level + "': one of " + String.join(", ", LEVELS));
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(name));
        }
    }

    /** Writes out what the asynchronous appender still holds and stops the logging system. */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
