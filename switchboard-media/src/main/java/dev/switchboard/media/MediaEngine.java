package dev.switchboard.media;

import dev.switchboard.media.record.CallRecorder;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media engine: rooms (one per call) of legs (one per party), mixed every 20 ms by who-hears-whom plans.
 *
 * <p>Threads: the caller's threads (the SIP side, the core) open and close rooms and legs, configure legs, swap plans
 * and control recordings; one ticker thread does all audio work; one I/O thread calls the {@link MediaListener} and
 * writes recordings. Both threads come from the injected {@link ThreadFactory}; time comes from the injected
 * {@link MediaClock}.
 *
 * <p>Hand-offs: control changes are volatile swaps of immutable values (the room array, a room's leg array, its
 * plan, a leg's media); the ticker only reads them. Digits to send go through a per-leg concurrent queue. Events
 * and recorded frames go from the ticker to the I/O thread through preallocated bounded rings that drop and count
 * rather than block.
 *
 * <p>Rule: the ticker allocates nothing and never blocks; allocation happens on change, on the caller's thread.
 */
public final class MediaEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);
    private static final int EVENT_RING_CAPACITY = 4096;
    private static final long JOIN_MILLIS = 5_000;

    private final MediaConfig config;
    private final MediaClock clock;
    private final ThreadFactory threads;
    private final RtpPortPool ports;
    private final InetAddress bindAddress;
    private final EventRing events = new EventRing(EVENT_RING_CAPACITY);
    private final TickRecorder tickRecorder = new TickRecorder();
    private final MediaIoLoop ioLoop;
    private final DriftFreeTicker ticker;
    private final Object lock = new Object();

    /** Copy-on-write under {@code lock}; read by the ticker. */
    volatile MediaRoom[] rooms = new MediaRoom[0];
    private Thread tickerThread;
    private Thread ioThread;
    private boolean started;
    private boolean closed;

    /**
     * @param threads makes the ticker thread (named {@code media-ticker} by the default factory) and the I/O thread
     */
    public MediaEngine(MediaConfig config, MediaListener listener, MediaClock clock, ThreadFactory threads) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.bindAddress = InetAddress.getByName(config.bindHost());
        this.ports = new RtpPortPool(config.firstPort(), config.lastPort());
        this.ioLoop = new MediaIoLoop(events, Objects.requireNonNull(listener, "listener"));
        EngineTick tick = new EngineTick(this, events, config.inactivity().toNanos());
        this.ticker = new DriftFreeTicker(clock, tick, tickRecorder, this::wakeIo);
    }

    /** An engine on the system clock with daemon threads named {@code media-ticker} and {@code media-io}. */
    public static MediaEngine create(MediaConfig config, MediaListener listener) throws IOException {
        return new MediaEngine(config, listener, MediaClock.SYSTEM, MediaEngine::defaultThread);
    }

    private static Thread defaultThread(Runnable task) {
        Thread thread = new Thread(task, task instanceof DriftFreeTicker ? "media-ticker" : "media-io");
        thread.setDaemon(true);
        if (task instanceof DriftFreeTicker) {
            thread.setPriority(Thread.MAX_PRIORITY);
        }
        return thread;
    }

    /** Starts the ticker and I/O threads. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "Media engine closed" : "Media engine already started");
            }
            started = true;
            ioThread = threads.newThread(ioLoop);
            tickerThread = threads.newThread(ticker);
            ticker.startAt(clock.nanoTime());
            ioThread.start();
            tickerThread.start();
        }
    }

    public MediaConfig config() {
        return config;
    }

    /** Opens an empty room; {@code callId} only names it. */
    public MediaRoom openRoom(String callId) {
        synchronized (lock) {
            requireOpen();
            MediaRoom room = new MediaRoom(this, callId, config.maxLegsPerRoom());
            MediaRoom[] grown = Arrays.copyOf(rooms, rooms.length + 1);
            grown[rooms.length] = room;
            rooms = grown;
            return room;
        }
    }

    /** The rooms now open. */
    public List<MediaRoom> rooms() {
        return List.of(rooms);
    }

    MediaLeg addLeg(MediaRoom room, String legId) throws IOException {
        synchronized (lock) {
            requireOpen();
            if (room.closed) {
                throw new IllegalStateException(room + " is closed");
            }
            MediaLeg[] legs = room.legsBySlot;
            int slot = 0;
            while (slot < legs.length && legs[slot] != null) {
                slot++;
            }
            if (slot == legs.length) {
                throw new IllegalStateException(room + " has no free slot (" + legs.length + ")");
            }
            DatagramChannel channel = bindFromPool();
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            MediaLeg leg = new MediaLeg(room, legId, slot, channel, port, config.jitterFrames(), clock);
            MediaLeg[] copy = legs.clone();
            copy[slot] = leg;
            room.legsBySlot = copy;
            return leg;
        }
    }

    private DatagramChannel bindFromPool() throws IOException {
        StandardProtocolFamily family = bindAddress instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        for (int attempt = 0; attempt < ports.capacity(); attempt++) {
            int port;
            try {
                port = ports.acquire();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            DatagramChannel channel = DatagramChannel.open(family);
            try {
                channel.configureBlocking(false);
                channel.bind(new InetSocketAddress(bindAddress, port));
                return channel;
            } catch (BindException e) {
                // Taken by another process: skip it; round-robin moves on, so releasing it now is safe.
                channel.close();
                ports.release(port);
            } catch (IOException | RuntimeException e) {
                channel.close();
                ports.release(port);
                throw e;
            }
        }
        throw new IOException("No RTP port of " + config.firstPort() + "-" + config.lastPort() + " could be bound on "
                + config.bindHost());
    }

    void removeLeg(MediaRoom room, MediaLeg leg) {
        synchronized (lock) {
            MediaLeg[] legs = room.legsBySlot;
            if (leg.room() != room || legs[leg.slot()] != leg) {
                return;
            }
            MediaLeg[] copy = legs.clone();
            copy[leg.slot()] = null;
            room.legsBySlot = copy;
            closeLeg(leg);
        }
    }

    private void closeLeg(MediaLeg leg) {
        // The ticker checks this flag before touching the socket; a tick already inside receive() finishes first,
        // because closing a non-blocking channel waits for the operation in progress.
        leg.closed = true;
        try {
            leg.channel.close();
        } catch (IOException e) {
            LOG.warn("Closing RTP socket of {} failed", leg, e);
        }
        ports.release(leg.localPort());
    }

    void closeRoom(MediaRoom room) {
        synchronized (lock) {
            if (room.closed) {
                return;
            }
            room.closed = true;
            List<MediaRoom> remaining = new ArrayList<>(List.of(rooms));
            remaining.remove(room);
            rooms = remaining.toArray(new MediaRoom[0]);
            MediaLeg[] legs = room.legsBySlot;
            room.legsBySlot = new MediaLeg[legs.length];
            for (MediaLeg leg : legs) {
                if (leg != null) {
                    closeLeg(leg);
                }
            }
            CallRecorder recorder = room.recorder;
            if (recorder != null) {
                recorder.stop();
                wakeIo();
            }
        }
    }

    void register(CallRecorder recorder) {
        synchronized (lock) {
            requireOpen();
            ioLoop.register(recorder);
        }
    }

    void wakeIo() {
        Thread io = ioThread;
        if (io != null) {
            LockSupport.unpark(io);
        }
    }

    /** Same as {@link MediaLeg#sendDtmf}: queues RFC 4733 digits on {@code leg}. */
    public void sendDtmf(MediaLeg leg, String digits) {
        leg.sendDtmf(digits);
    }

    /** RTP ports in use (two per leg are reserved: RTP and its RTCP neighbour; this counts legs). */
    public int portsInUse() {
        return ports.inUse();
    }

    /** The ticker's duration percentiles and late ticks. */
    public TickStats tickStats() {
        return tickRecorder.snapshot(events.dropped());
    }

    /** Starts the tick statistics afresh from the next tick (a benchmark step). */
    public void resetTickStats() {
        tickRecorder.requestReset();
    }

    /** The ticker thread, once started (for allocation measurements). */
    public Thread tickerThread() {
        return tickerThread;
    }

    /**
     * Stops the ticker, closes every room (sockets closed, ports returned, recordings finished) and stops the I/O
     * thread after it has written what was left.
     */
    @Override
    public void close() {
        List<MediaRoom> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.of(rooms);
        }
        ticker.stop();
        join(tickerThread);
        for (MediaRoom room : open) {
            closeRoom(room);
        }
        ioLoop.stop();
        if (ioThread == null) {
            // Never started: finish the recordings here, so their files still get a proper header.
            ioLoop.run();
        } else {
            wakeIo();
            join(ioThread);
        }
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within {} ms", thread.getName(), JOIN_MILLIS);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Media engine closed");
        }
    }
}
