package dev.switchboard.media;

/**
 * The engine's time source, in nanoseconds on an arbitrary origin (like {@link System#nanoTime()}). Injected so
 * that tests move time by hand: the ticker follows this clock, so a test that advances it by 31 s sees the tick
 * that declares a silent leg inactive.
 */
@FunctionalInterface
public interface MediaClock {

    MediaClock SYSTEM = System::nanoTime;

    long nanoTime();
}
