package dev.switchboard.core.telephony;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.view.CallSnapshot;

/**
 * The calls of a switch: the live ones (switch thread) and the snapshots it published of them (any thread), kept for
 * a while after a call ended so that the simulator API can still read it.
 */
final class CallTable {
    /** How many ended calls stay readable by id after they end. */
    private static final int ENDED_KEPT = 1000;

    private final Map<String, Call> live = new LinkedHashMap<>();
    private final Deque<String> ended = new ArrayDeque<>();
    private final Map<String, CallSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Party> activeLegs = new java.util.HashMap<>();

    void add(Call call) {
        live.put(call.id, call);
    }

    /** The live call with this id, or {@code null}. */
    Call get(String callId) {
        return live.get(callId);
    }

    /** Forgets a call that never was. */
    void remove(Call call) {
        live.remove(call.id);
    }

    /** A party joined a call: its endpoint may report on it by its id. */
    void joined(Party party) {
        activeLegs.put(party.id, party);
    }

    /** A party left its call: reports on it are no longer taken. */
    void left(Party party) {
        activeLegs.remove(party.id);
    }

    /** The active party with this leg id, or {@code null}. */
    Party leg(String legId) {
        return activeLegs.get(legId);
    }

    Collection<Call> live() {
        return live.values();
    }

    /** Publishes the call's snapshot; an ended call leaves the live ones and its snapshot stays for a while. */
    void published(Call call, CallSnapshot snapshot) {
        snapshots.put(call.id, snapshot);
        if (snapshot.ended() && live.remove(call.id) != null) {
            ended.addLast(call.id);
            while (ended.size() > ENDED_KEPT) {
                snapshots.remove(ended.pollFirst());
            }
        }
    }

    /** The snapshot of a live or recently ended call (any thread), or {@code null}. */
    CallSnapshot snapshot(String callId) {
        return snapshots.get(callId);
    }
}
