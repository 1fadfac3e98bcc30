package dev.switchboard.core.telephony;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A call: its parties in the order they joined, attached data and recording. Only the switch thread touches it. */
final class Call {
    final String id;
    final String connId;
    final Instant created;
    final String ani;
    final String dnis;
    /** For a consultation call, the call it consults about. */
    final Call parent;
    final List<Party> parties = new ArrayList<>();
    final Map<String, Object> userData = new LinkedHashMap<>();
    RecordingState recording = RecordingState.STOPPED;
    /** The device that made the call a conference; only it removes participants or clears the call. */
    Device conferenceOwner;
    /** The queue the call waits in, or {@code null}. */
    AcdQueue waitingAt;

    Call(String id, String connId, Instant created, String ani, String dnis, Call parent) {
        this.id = id;
        this.connId = connId;
        this.created = created;
        this.ani = ani;
        this.dnis = dnis;
        this.parent = parent;
    }

    /** The active parties of the call itself: everyone but monitoring supervisors. */
    List<Party> active() {
        return parties.stream().filter(p -> p.active() && !p.supervising()).toList();
    }

    /** How many parties of the call itself are active; a call ends below two (supervisors do not count). */
    long activeCount() {
        return parties.stream().filter(p -> p.active() && !p.supervising()).count();
    }

    /** Every active party, monitoring supervisors included. */
    List<Party> everyone() {
        return parties.stream().filter(Party::active).toList();
    }

    /** The active monitoring leg of the call, or {@code null}: one supervisor per call. */
    Party supervisorLeg() {
        return parties.stream().filter(p -> p.active() && p.supervising()).findFirst().orElse(null);
    }

    boolean hasExternal() {
        return parties.stream().anyMatch(Party::external);
    }

    Party originator() {
        return parties.get(0);
    }

    @Override
    public String toString() {
        return "Call@" + Integer.toHexString(hashCode()) + "[" + id + "," + parties + (waitingAt == null ? "" : ",waiting") + "]";
    }
}
