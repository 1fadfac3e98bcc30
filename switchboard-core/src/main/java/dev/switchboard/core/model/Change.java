package dev.switchboard.core.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.core.event.SwitchEvent;

/**
 * What one command (or timer) changed, collected while it runs and published after it: the calls it touched, the
 * device legs it released, the follow-ups it owes (agent-state effects, late failures) and the events so far. The
 * switch finishes a change in a fixed order — derive the touched calls' views and emit their notifications, run the
 * follow-ups, repeat until nothing is left, offer waiting calls, then hand the events off and tell the endpoints —
 * so the order of notifications rests on this structure, not on care. One per switch, reused: switch thread only.
 */
public final class Change {
    private final Set<Call> touched = new LinkedHashSet<>();
    private final List<Party> releasedLegs = new ArrayList<>();
    private final List<FollowUp> followUps = new ArrayList<>();
    private final List<SwitchEvent> events = new ArrayList<>();
    private final List<Runnable> endpointRequests = new ArrayList<>();
    private final Set<Device> recorded = new LinkedHashSet<>();

    /** The call's parties or data changed: its views are derived again when the change is published. */
    public void touch(Call call) {
        touched.add(call);
    }

    /** Forgets a call that never was (refused before anyone could hear of it). */
    public void untouch(Call call) {
        touched.remove(call);
    }

    /** A device's leg was released (or left a call): its device sees the call's last view. */
    public void released(Party leg) {
        releasedLegs.add(leg);
    }

    /** Something to do after the call events already derived, so clients see the cause before the effect. */
    public void followUp(FollowUp followUp) {
        followUps.add(followUp);
    }

    /** An event of this change, handed off after it. */
    public void emit(SwitchEvent event) {
        events.add(event);
    }

    /** The device's durable state may have changed: its record is emitted as the change's last event. */
    public void record(Device device) {
        recorded.add(device);
    }

    /** Takes the devices whose durable state may have changed, in the order they were first recorded. */
    public List<Device> takeRecorded() {
        if (recorded.isEmpty()) {
            return List.of();
        }
        List<Device> taken = new ArrayList<>(recorded);
        recorded.clear();
        return taken;
    }

    /** A request to an endpoint, made after the events are handed off. */
    public void request(Runnable endpointRequest) {
        endpointRequests.add(endpointRequest);
    }

    public Set<Call> touched() {
        return touched;
    }

    public List<Party> releasedLegs() {
        return releasedLegs;
    }

    /** Whether views are left to derive or follow-ups to run. */
    public boolean hasWork() {
        return !touched.isEmpty() || !releasedLegs.isEmpty() || !followUps.isEmpty();
    }

    /** Takes the follow-ups owed so far, in the order they were owed (none: no list is made). */
    public List<FollowUp> takeFollowUps() {
        if (followUps.isEmpty()) {
            return List.of();
        }
        List<FollowUp> taken = new ArrayList<>(followUps);
        followUps.clear();
        return taken;
    }

    /** Hands the events so far to {@code sink}, in order, and forgets them. */
    public void handOff(java.util.function.Consumer<SwitchEvent> sink) {
        for (int i = 0; i < events.size(); i++) {
            sink.accept(events.get(i));
        }
        events.clear();
    }

    /** Takes the endpoint requests so far, in order. */
    public List<Runnable> takeEndpointRequests() {
        if (endpointRequests.isEmpty()) {
            return List.of();
        }
        List<Runnable> taken = new ArrayList<>(endpointRequests);
        endpointRequests.clear();
        return taken;
    }

    /** The views of the touched calls were derived. */
    public void viewsDerived() {
        touched.clear();
        releasedLegs.clear();
    }
}
