package dev.switchboard.core.telephony;

import java.time.Instant;

import dev.switchboard.core.time.Timers;

/** One party of a call: a device of this switch, or an external number. Only the switch thread touches it. */
final class Party {
    final Call call;
    final String number;
    /** The device, or {@code null} for an external party (a customer). */
    final Device device;
    PartyRole role;
    PartyState state;
    boolean muted;
    /** The ACD queue that offered the call to this party (its group's wrap-up is then owed), or {@code null}. */
    AcdQueue offeredBy;
    /** While a queue's offer rings: its ring-no-answer timer, and when that runs out. Each offer has its own. */
    Timers.Timer ringTimer;
    Instant ringsUntil;
    /** For a supervisor's monitoring leg, its subscription; otherwise {@code null}. */
    Subscription monitor;
    /** For a monitoring leg being released, why (for the audit log). */
    String leaveReason;
    /** Whether the party was ever established (an ACD leg that never answered owes no after-call work). */
    boolean answered;

    Party(Call call, String number, Device device, PartyRole role, PartyState state) {
        this.call = call;
        this.number = number;
        this.device = device;
        this.role = role;
        this.state = state;
    }

    boolean acd() {
        return offeredBy != null;
    }

    void cancelRingTimer() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
    }

    /** Whether this is a supervisor's monitoring leg. */
    boolean supervising() {
        return monitor != null;
    }

    boolean external() {
        return device == null;
    }

    boolean active() {
        return state.isActive();
    }

    @Override
    public String toString() {
        return "Party@" + Integer.toHexString(hashCode()) + "[" + number + "," + role + "," + state + (muted ? ",muted" : "") + "]";
    }
}
