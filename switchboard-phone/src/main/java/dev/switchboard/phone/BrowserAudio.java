package dev.switchboard.phone;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.media.FramePort;
import dev.switchboard.media.LegStats;

/**
 * Browsers as the third endpoint kind, beside SIP phones and the simulator: a page registers as the audio endpoint of
 * its user's device ({@link #register}), and while its {@link BrowserLine} is open the switch offers that device's
 * legs to the browser ({@link #deviceEndpoint}). Each leg is a frame leg in its call family's mixer room, the same room
 * as the call's phone legs, so who hears whom decides for browsers exactly as for phones. Nothing here knows how the
 * frames travel (the server carries them over a WebSocket).
 *
 * <p>Threads: the switch thread calls {@link BrowserEndpoint}, which hands everything to the phone adapter's thread
 * ({@link BrowserCalls}); the socket's thread writes what the user says into the line; one {@code browser-audio}
 * thread, woken by the mixer's ticker after each frame, reads every line's legs and hands their sum to the line's
 * {@link FrameSink}.
 */
public final class BrowserAudio implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserAudio.class);
    private static final long PUMP_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Consumer<Runnable> run;
    private final BiConsumer<String, String> presence;
    private final Map<String, BrowserLine> lines = new ConcurrentHashMap<>();
    private final Map<String, BrowserCalls.BrowserLeg> legs = new ConcurrentHashMap<>();
    private final Map<String, BrowserEndpoint> endpoints = new ConcurrentHashMap<>();
    private final BrowserCalls calls;
    private volatile Thread pump;
    private volatile boolean stopped;

    /**
     * @param run hands a task to the phone adapter's thread, which owns the mixer's rooms
     * @param presence told {@code (environment, dn)} whenever a browser registers for a device or goes away, on the
     *        calling thread (the socket's): the device's {@code deviceState} follows {@link #isRegistered}
     */
    BrowserAudio(Consumer<Runnable> run, BiConsumer<String, String> presence) {
        this.run = run;
        this.presence = presence;
        this.calls = new BrowserCalls(run, lines::get, legs);
    }

    /** The switches whose device legs browsers may carry. */
    void attach(ContactCenter center) {
        for (Switch each : center.switches()) {
            endpoints.put(each.environment().name(), new BrowserEndpoint(calls, each));
        }
    }

    /** The mixer's rooms (shared with the phones), and the thread that carries mixes to the browsers. */
    synchronized void start(FamilyRooms rooms) {
        run.accept(() -> calls.use(rooms));
        Thread thread = new Thread(this::pumpLoop, "browser-audio");
        thread.setDaemon(true);
        pump = thread;
        thread.start();
    }

    /**
     * Makes a browser the audio endpoint of the device {@code dn} of {@code environment}: from now on the switch offers
     * that device's new legs to it. A line already open for the device is closed first (its legs released): the last
     * page to register wins.
     *
     * @param sink where the device's audio goes, frame by frame
     */
    public BrowserLine register(String environment, String dn, FrameSink sink) {
        BrowserLine line = new BrowserLine(this, environment, dn, Objects.requireNonNull(sink, "sink"));
        BrowserLine previous = lines.put(key(environment, dn), line);
        if (previous != null) {
            previous.closed = true;
            run.accept(() -> calls.lineClosed(previous));
        }
        LOG.info("event=browser-registered environment={} dn={}", environment, dn);
        presence.accept(environment, dn);
        return line;
    }

    void unregister(BrowserLine line) {
        if (line.closed) {
            return;
        }
        line.closed = true;
        lines.remove(key(line.environment(), line.dn()), line);
        run.accept(() -> calls.lineClosed(line));
        LOG.info("event=browser-unregistered environment={} dn={}", line.environment(), line.dn());
        presence.accept(line.environment(), line.dn());
    }

    /** The endpoint of a device's new leg while a browser is registered for it, else empty. */
    public Optional<Endpoint> deviceEndpoint(String environment, String dn) {
        return lines.containsKey(key(environment, dn)) ? Optional.ofNullable(endpoints.get(environment)) : Optional.empty();
    }

    /** Whether a browser is registered for the device now. */
    public boolean isRegistered(String environment, String dn) {
        return lines.containsKey(key(environment, dn));
    }

    /** The frame counters of a leg a browser carries, or empty (see {@link dev.switchboard.media.MediaLeg#stats()}). */
    public Optional<LegStats> mediaStats(String legId) {
        BrowserCalls.BrowserLeg leg = legs.get(legId);
        return leg == null ? Optional.empty() : Optional.of(leg.media.stats());
    }

    /** Browser lines open and legs carried now: zero when every page is gone and every call is over. */
    public Usage usage() {
        return new Usage(lines.size(), legs.size());
    }

    /** Legs the switch offered to browsers since start: a new one for each call joined, or monitoring leg. */
    public long legsOffered() {
        return calls.offered();
    }

    /** What the browsers hold now: for leak checks. */
    public record Usage(int lines, int legs) {
    }

    static String key(String environment, String dn) {
        return environment + "/" + dn;
    }

    @Override
    public void close() {
        stopped = true;
        Thread thread = pump;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the browser-audio thread ----

    private void pumpLoop() {
        Thread self = Thread.currentThread();
        while (!stopped) {
            for (BrowserLine line : lines.values()) {
                try {
                    drain(line, self);
                } catch (RuntimeException e) {
                    LOG.warn("{}: sending audio failed", line, e);
                }
            }
            // Woken by the ticker after each frame; the timeout only bounds a missed wake-up.
            LockSupport.parkNanos(PUMP_PARK_NANOS);
        }
    }

    /** Hands the line's sink every frame its legs have mixed since the last time, summed across legs frame by frame. */
    private static void drain(BrowserLine line, Thread self) {
        FramePort[] ports = line.ports;
        while (true) {
            boolean any = false;
            int[] sum = line.sum;
            for (FramePort port : ports) {
                port.wakeOnFrames(self);
                if (port.read(line.frame)) {
                    if (!any) {
                        Arrays.fill(sum, 0);
                        any = true;
                    }
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += line.frame[i];
                    }
                }
            }
            if (!any) {
                return;
            }
            short[] mix = line.mix;
            for (int i = 0; i < mix.length; i++) {
                mix[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i]));
            }
            line.sink.play(mix);
        }
    }
}
