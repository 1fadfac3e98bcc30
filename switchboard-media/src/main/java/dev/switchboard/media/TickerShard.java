package dev.switchboard.media;

/**
 * One ticker thread and everything it owns: its share of the rooms, its tick scratch state, its event ring to the
 * I/O thread and its tick statistics. A room belongs to one shard for its whole life, so every ring, recorder and
 * leg keeps exactly one producer thread, as with a single ticker.
 */
final class TickerShard {

    final int index;
    final EventRing events;
    final TickRecorder recorder = new TickRecorder();
    final DriftFreeTicker loop;

    /** Copy-on-write under the engine's lock; read by this shard's ticker. */
    volatile MediaRoom[] rooms = new MediaRoom[0];
    /** Legs now open in this shard's rooms, to place new rooms (engine's lock). */
    int legs;
    /** Started by the engine (engine's lock). */
    Thread thread;

    TickerShard(int index, int eventRingCapacity, MediaClock clock, long inactivityNanos, Runnable wakeIo) {
        this.index = index;
        this.events = new EventRing(eventRingCapacity);
        EngineTick tick = new EngineTick(this, events, inactivityNanos);
        this.loop = new DriftFreeTicker("media-ticker-" + index, clock, tick, recorder, wakeIo);
    }

    /** Placement order: fewer legs first (the work of a tick), then fewer rooms (rooms opened but not yet filled). */
    boolean lighterThan(TickerShard other) {
        return legs != other.legs ? legs < other.legs : rooms.length < other.rooms.length;
    }

    @Override
    public String toString() {
        return "ticker " + index + " (" + rooms.length + " rooms, " + legs + " legs)";
    }
}
