package dev.switchboard.media;

import dev.switchboard.media.jitter.JitterBuffer;

import java.time.Duration;

/**
 * The engine's settings.
 *
 * @param bindHost            the local address RTP sockets bind to ({@code --sip-host}; 127.0.0.1 in tests)
 * @param firstPort           the lowest RTP port ({@code --rtp-ports}, default 20000)
 * @param lastPort            the highest RTP port (default 20999); only even ports are used for RTP
 * @param jitterFrames        jitter buffer depth per leg, in 20 ms frames (default 3, at most 10)
 * @param inactivity          silence after which a leg is reported inactive (default 30 s)
 * @param maxLegsPerRoom      slots per room (default 16)
 * @param recordingRingFrames how far (in 20 ms frames) the recording writer may lag before frames are dropped
 *                            (default 250: 5 s)
 * @param tickers             ticker threads, each ticking its own share of the rooms (default: the available
 *                            processors, at least 1; at most {@value #MAX_TICKERS})
 */
public record MediaConfig(String bindHost, int firstPort, int lastPort, int jitterFrames, Duration inactivity,
                          int maxLegsPerRoom, int recordingRingFrames, int tickers) {

    /** More tickers than this only adds threads that wait for a core. */
    public static final int MAX_TICKERS = 64;

    public MediaConfig {
        if (firstPort < 1 || lastPort > 65535 || lastPort <= firstPort) {
            throw new IllegalArgumentException("Bad RTP port range " + firstPort + "-" + lastPort);
        }
        if (jitterFrames < 1 || jitterFrames > JitterBuffer.MAX_CAPACITY) {
            throw new IllegalArgumentException("Jitter buffer depth must be 1.." + JitterBuffer.MAX_CAPACITY + ": " + jitterFrames);
        }
        if (inactivity.isNegative() || inactivity.isZero()) {
            throw new IllegalArgumentException("Inactivity time must be positive: " + inactivity);
        }
        if (maxLegsPerRoom < 2) {
            throw new IllegalArgumentException("A room needs at least 2 slots: " + maxLegsPerRoom);
        }
        if (tickers < 1 || tickers > MAX_TICKERS) {
            throw new IllegalArgumentException("Tickers must be 1.." + MAX_TICKERS + ": " + tickers);
        }
    }

    public static MediaConfig defaults() {
        return new MediaConfig("127.0.0.1", 20000, 20999, JitterBuffer.DEFAULT_CAPACITY, Duration.ofSeconds(30), 16, 250,
                defaultTickers());
    }

    public MediaConfig withBindHost(String host) {
        return new MediaConfig(host, firstPort, lastPort, jitterFrames, inactivity, maxLegsPerRoom, recordingRingFrames, tickers);
    }

    public MediaConfig withPorts(int first, int last) {
        return new MediaConfig(bindHost, first, last, jitterFrames, inactivity, maxLegsPerRoom, recordingRingFrames, tickers);
    }

    /** The range as {@code --rtp-ports} gives it: {@code "20000-20999"}. */
    public MediaConfig withPorts(String range) {
        String[] bounds = range.trim().split("-");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("RTP ports must be FIRST-LAST: " + range);
        }
        try {
            return withPorts(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RTP ports must be FIRST-LAST: " + range, e);
        }
    }

    public MediaConfig withJitterFrames(int frames) {
        return new MediaConfig(bindHost, firstPort, lastPort, frames, inactivity, maxLegsPerRoom, recordingRingFrames, tickers);
    }

    public MediaConfig withInactivity(Duration time) {
        return new MediaConfig(bindHost, firstPort, lastPort, jitterFrames, time, maxLegsPerRoom, recordingRingFrames, tickers);
    }

    public MediaConfig withRecordingRingFrames(int frames) {
        return new MediaConfig(bindHost, firstPort, lastPort, jitterFrames, inactivity, maxLegsPerRoom, frames, tickers);
    }

    /** {@code count} ticker threads; rooms are spread over them as they open. */
    public MediaConfig withTickers(int count) {
        return new MediaConfig(bindHost, firstPort, lastPort, jitterFrames, inactivity, maxLegsPerRoom, recordingRingFrames, count);
    }

    /** One ticker per available processor (at least 1, at most {@value #MAX_TICKERS}). */
    public static int defaultTickers() {
        return Math.max(1, Math.min(MAX_TICKERS, Runtime.getRuntime().availableProcessors()));
    }
}
