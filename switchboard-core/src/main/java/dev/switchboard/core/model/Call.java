package dev.switchboard.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.core.view.RecordingState;

/** A call: its parties in the order they joined, attached data and recording. Only the switch thread touches it. */
public final class Call {
    public final String id;
    public final String connId;
    public final Instant created;
    public final String ani;
    public final String dnis;
    /** For a consultation call, the call it consults about. */
    public final Call parent;
    public final List<Party> parties = new ArrayList<>();
    public final Map<String, Object> userData = new LinkedHashMap<>();
    public RecordingState recording = RecordingState.STOPPED;
    /** The device that made the call a conference; only it removes participants or clears the call. */
    public Device conferenceOwner;
    /** The queue the call waits in, or {@code null}. */
    public AcdQueue waitingAt;

    public Call(String id, String connId, Instant created, String ani, String dnis, Call parent) {
        this.id = id;
        this.connId = connId;
        this.created = created;
        this.ani = ani;
        this.dnis = dnis;
        this.parent = parent;
    }

    /** The active parties of the call itself: everyone but monitoring supervisors. */
    public List<Party> active() {
        return parties.stream().filter(p -> p.active() && !p.supervising()).toList();
    }

    /** How many parties of the call itself are active; a call ends below two (supervisors do not count). */
    public long activeCount() {
        long count = 0;
        for (Party party : parties) {
            if (party.active() && !party.supervising()) {
                count++;
            }
        }
        return count;
    }

    /** Every active party, monitoring supervisors included. */
    public List<Party> everyone() {
        return parties.stream().filter(Party::active).toList();
    }

    /** The active monitoring leg of the call, or {@code null}: one supervisor per call. */
    public Party supervisorLeg() {
        for (Party party : parties) {
            if (party.active() && party.supervising()) {
                return party;
            }
        }
        return null;
    }

    public boolean hasExternal() {
        return parties.stream().anyMatch(Party::external);
    }

    public Party originator() {
        return parties.get(0);
    }

    /** The call a chain of consultations started from. */
    public Call root() {
        Call root = this;
        while (root.parent != null) {
            root = root.parent;
        }
        return root;
    }

    @Override
    public String toString() {
        return "Call@" + Integer.toHexString(hashCode()) + "[" + id + "," + parties + (waitingAt == null ? "" : ",waiting") + "]";
    }
}
