package dev.switchboard.core.model;

import java.time.Instant;

import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.time.Timers;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * One party of a call: a device of this switch, or an external number. Each party is one leg, carried by an
 * {@link Endpoint} (a phone, the simulator, or the virtual endpoint of a device with no phone). Only the switch thread
 * touches it.
 */
public final class Party {
    /** The leg's id: how its endpoint names it when it reports back. */
    public final String id;
    public final Call call;
    public final String number;
    /** The device, or {@code null} for an external party (a customer). */
    public final Device device;
    /** The endpoint that carries the leg. */
    public final Endpoint endpoint;
    public PartyRole role;
    public PartyState state;
    /** What the switch asked the endpoint to do and the endpoint has not confirmed yet, or {@code null}. */
    public Pending pending;
    public boolean muted;
    /** The ACD queue that offered the call to this party (its group's wrap-up is then owed), or {@code null}. */
    public AcdQueue offeredBy;
    /** While a queue's offer rings: its ring-no-answer timer, and when that runs out. Each offer has its own. */
    public Timers.Timer ringTimer;
    public Instant ringsUntil;
    /** For a supervisor's monitoring leg, its subscription; otherwise {@code null}. */
    public Subscription monitor;
    /** For a monitoring leg being released, why (for the audit log). */
    public String leaveReason;
    /** Whether the endpoint itself ended the leg (hung up, failed): it is not told to release it again. */
    public boolean endpointEnded;
    /** Whether the party was ever established (an ACD leg that never answered owes no after-call work). */
    public boolean answered;

    public Party(String id, Call call, String number, Device device, Endpoint endpoint, PartyRole role, PartyState state) {
        this.id = id;
        this.call = call;
        this.number = number;
        this.device = device;
        this.endpoint = endpoint;
        this.role = role;
        this.state = state;
    }

    /** A request to the endpoint that waits for its answer: the party keeps its state until the endpoint confirms. */
    public enum Pending {
        ANSWER,
        HOLD,
        RETRIEVE
    }

    public boolean acd() {
        return offeredBy != null;
    }

    public void cancelRingTimer() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
    }

    /** Whether this is a supervisor's monitoring leg. */
    public boolean supervising() {
        return monitor != null;
    }

    public boolean external() {
        return device == null;
    }

    public boolean active() {
        return state.isActive();
    }

    /** The leg as its endpoint is told of it. */
    public EndpointLeg leg() {
        return new EndpointLeg(id, call.id, call.root().id, number, device == null ? null : device.dn.id(), role, call.ani, call.dnis,
                monitor != null);
    }

    @Override
    public String toString() {
        return "Party@" + Integer.toHexString(hashCode()) + "[" + number + "," + role + "," + state + (muted ? ",muted" : "")
                + (pending == null ? "" : ",pending " + pending) + "]";
    }
}
