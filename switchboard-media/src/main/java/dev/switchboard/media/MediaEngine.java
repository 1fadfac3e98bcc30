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
 * and control recordings; {@link MediaConfig#tickers()} ticker threads do all audio work, each for its own share of
 * the rooms; one I/O thread calls the {@link MediaListener} and writes recordings. All come from the injected
 * {@link ThreadFactory}; time comes from the injected {@link MediaClock}.
 *
 * <p>Rooms and tickers: {@link #openRoom} places the room on the ticker with the fewest legs (then the fewest rooms),
 * and the room stays there until it closes. Each
 * ticker runs its own drift-free 20 ms schedule; ticker i of K runs at {@code (i + 1) / K} of a period after the
 * start, so the tickers' work is spread over the period instead of all falling on the same instant (one 20 ms
 * step of the clock still passes exactly one deadline of every ticker). Tick statistics are merged over tickers.
 *
 * <p>Hand-offs: control changes are volatile swaps of immutable values (a ticker's room array, a room's leg array,
 * its plan, a leg's media); the tickers only read them. Digits to send go through a per-leg concurrent queue. Events
 * and recorded frames go from a ticker to the I/O thread through preallocated bounded rings (one event ring per
 * ticker, one recording ring per room) that drop and count rather than block.
 *
 * <p>Rule: a ticker allocates nothing and never blocks; allocation happens on change, on the caller's thread.
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
    private final TickerShard[] shards;
    private final List<TickRecorder> tickRecorders;
    private final MediaIoLoop ioLoop;
    private final Object lock = new Object();

    /** Every open room, copy-on-write under {@code lock}; each ticker reads its own array in its shard. */
    private volatile MediaRoom[] rooms = new MediaRoom[0];
    private volatile Thread ioThread;
    private boolean started;
    private boolean closed;

    /**
     * @param threads makes the ticker threads (named {@code media-ticker-0}, ... by the default factory) and the I/O
     *                thread
     * @throws IOException if the bind host cannot be resolved
     */
    public MediaEngine(MediaConfig config, MediaListener listener, MediaClock clock, ThreadFactory threads) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.bindAddress = InetAddress.getByName(config.bindHost());
        this.ports = new RtpPortPool(config.firstPort(), config.lastPort());
        Objects.requireNonNull(listener, "listener");
        this.shards = new TickerShard[config.tickers()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new TickerShard(i, EVENT_RING_CAPACITY, clock, config.inactivity().toNanos(), this::wakeIo);
        }
        EventRing[] rings = new EventRing[shards.length];
        List<TickRecorder> recorders = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            rings[i] = shards[i].events;
            recorders.add(shards[i].recorder);
        }
        this.tickRecorders = List.copyOf(recorders);
        this.ioLoop = new MediaIoLoop(rings, listener);
    }

    /**
     * An engine on the system clock with daemon threads named {@code media-ticker-0} ... {@code media-ticker-K-1}
     * and {@code media-io}.
     */
    public static MediaEngine create(MediaConfig config, MediaListener listener) throws IOException {
        return new MediaEngine(config, listener, MediaClock.SYSTEM, MediaEngine::defaultThread);
    }

    private static Thread defaultThread(Runnable task) {
        Thread thread = new Thread(task, task instanceof DriftFreeTicker ticker ? ticker.name() : "media-io");
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
            for (TickerShard shard : shards) {
                shard.thread = threads.newThread(shard.loop);
            }
            long origin = clock.nanoTime();
            for (TickerShard shard : shards) {
                // Staggered by a K-th of a period; the last ticker's deadlines fall on origin + k × 20 ms.
                shard.loop.startAt(origin + DriftFreeTicker.PERIOD_NANOS * (shard.index + 1) / shards.length);
            }
            ioThread.start();
            for (TickerShard shard : shards) {
                shard.thread.start();
            }
        }
    }

    public MediaConfig config() {
        return config;
    }

    /**
     * Opens an empty room; {@code callId} only names it. The room goes to the ticker with the fewest legs (then the
     * fewest rooms) and stays on it.
     */
    public MediaRoom openRoom(String callId) {
        synchronized (lock) {
            requireOpen();
            TickerShard shard = shards[0];
            for (TickerShard candidate : shards) {
                if (candidate.lighterThan(shard)) {
                    shard = candidate;
                }
            }
            MediaRoom room = new MediaRoom(this, shard, callId, config.maxLegsPerRoom());
            rooms = appended(rooms, room);
            shard.rooms = appended(shard.rooms, room);
            return room;
        }
    }

    private static MediaRoom[] appended(MediaRoom[] rooms, MediaRoom room) {
        MediaRoom[] grown = Arrays.copyOf(rooms, rooms.length + 1);
        grown[rooms.length] = room;
        return grown;
    }

    private static MediaRoom[] without(MediaRoom[] rooms, MediaRoom room) {
        List<MediaRoom> remaining = new ArrayList<>(List.of(rooms));
        remaining.remove(room);
        return remaining.toArray(new MediaRoom[0]);
    }

    /** The rooms now open. */
    public List<MediaRoom> rooms() {
        return List.of(rooms);
    }

    MediaLeg addLeg(MediaRoom room, String legId) throws IOException {
        synchronized (lock) {
            int slot = freeSlot(room);
            MediaLeg[] legs = room.legsBySlot;
            DatagramChannel channel = bindFromPool();
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            MediaLeg leg = new MediaLeg(room, legId, slot, channel, port, config.jitterFrames(), clock);
            MediaLeg[] copy = legs.clone();
            copy[slot] = leg;
            room.legsBySlot = copy;
            room.shard.legs++;
            return leg;
        }
    }

    MediaLeg addFrameLeg(MediaRoom room, String legId) {
        synchronized (lock) {
            int slot = freeSlot(room);
            MediaLeg[] legs = room.legsBySlot;
            MediaLeg leg = new MediaLeg(room, legId, slot, new FramePort(), clock);
            MediaLeg[] copy = legs.clone();
            copy[slot] = leg;
            room.legsBySlot = copy;
            room.shard.legs++;
            return leg;
        }
    }

    /** The room's lowest free slot; under {@code lock}. */
    private int freeSlot(MediaRoom room) {
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
        return slot;
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
        leg.room().shard.legs--;
        if (leg.channel == null) {
            return;
        }
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
            rooms = without(rooms, room);
            room.shard.rooms = without(room.shard.rooms, room);
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

    /** The tickers' duration percentiles and late ticks, merged over all tickers (see {@link TickStats}). */
    public TickStats tickStats() {
        long dropped = 0;
        for (TickerShard shard : shards) {
            dropped += shard.events.dropped();
        }
        return TickRecorder.merge(tickRecorders, dropped);
    }

    /**
     * For each limit, the ticks of all tickers (each ticker's ticks counted, unlike {@link TickStats#ticks()}) whose
     * wall duration was below it, since start or the last {@link #resetTickStats()}: cumulative counts, like a
     * Prometheus histogram's buckets, so that a reader can take the difference of two readings and get the
     * distribution of the ticks in between. Limits are rounded down to the histogram's 10 µs resolution; a limit of
     * 20 ms or more counts every tick.
     *
     * @param limitsMicros tick durations in microseconds
     * @return the counts, one per limit, in the same order
     */
    public long[] tickCountsBelow(long... limitsMicros) {
        long[] buckets = TickHistogram.newCounts();
        for (TickRecorder recorder : tickRecorders) {
            recorder.addWallCounts(buckets);
        }
        return TickHistogram.countsBelow(buckets, limitsMicros);
    }

    /** Starts the tick statistics afresh from each ticker's next tick (a benchmark step). */
    public void resetTickStats() {
        for (TickRecorder recorder : tickRecorders) {
            recorder.requestReset();
        }
    }

    /** The ticker threads, in ticker order, once started (empty before): for allocation and CPU measurements. */
    public List<Thread> tickerThreads() {
        synchronized (lock) {
            List<Thread> tickers = new ArrayList<>();
            for (TickerShard shard : shards) {
                if (shard.thread != null) {
                    tickers.add(shard.thread);
                }
            }
            return List.copyOf(tickers);
        }
    }

    /** How many rooms each ticker has now, in ticker order (how the rooms are spread). */
    public int[] roomsPerTicker() {
        int[] counts = new int[shards.length];
        for (int i = 0; i < shards.length; i++) {
            counts[i] = shards[i].rooms.length;
        }
        return counts;
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
        for (TickerShard shard : shards) {
            shard.loop.stop();
        }
        for (TickerShard shard : shards) {
            join(shard.thread);
        }
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
