package dev.switchboard.core.model;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Where the switch takes the ids of calls and legs from: random in service, sequential in tests. */
public interface IdSource {

    /** A new call id (GWS: 32 upper-case hex digits). */
    String callId();

    /** A new T-Server-like connection id (16 hex digits). */
    String connId();

    /** A new leg id. */
    String legId();

    /**
     * Random UUIDs for calls, a connection-id counter seeded from {@code seed}, and leg ids from a counter behind a
     * prefix drawn from {@code seed} (a leg id needs to be unique in this process only, and a UUID per party costs a
     * secure random draw on the switch thread).
     */
    static IdSource random(long seed) {
        AtomicLong connIds = new AtomicLong(0x0071_0000_0000_0000L + (seed & 0xFFFF_FFFFL));
        AtomicLong legs = new AtomicLong();
        String legPrefix = Long.toHexString(seed & 0xFFFF_FFFFL) + "-";
        return new IdSource() {
            @Override
            public String callId() {
                return UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
            }

            @Override
            public String connId() {
                return String.format("%016x", connIds.incrementAndGet());
            }

            @Override
            public String legId() {
                return legPrefix + Long.toHexString(legs.incrementAndGet());
            }
        };
    }

    /** Counters: call {@code 00…01}, leg {@code leg-1}, …: repeatable ids for tests. */
    static IdSource sequential() {
        AtomicLong calls = new AtomicLong();
        AtomicLong conns = new AtomicLong(0x0071_0000_0000_0000L);
        AtomicLong legs = new AtomicLong();
        return new IdSource() {
            @Override
            public String callId() {
                return String.format("%032X", calls.incrementAndGet());
            }

            @Override
            public String connId() {
                return String.format("%016x", conns.incrementAndGet());
            }

            @Override
            public String legId() {
                return "leg-" + legs.incrementAndGet();
            }
        };
    }
}
