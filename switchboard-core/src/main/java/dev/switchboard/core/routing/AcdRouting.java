package dev.switchboard.core.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.model.AcdQueue;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Legs;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * ACD routing on one switch: its queues, which agent a waiting call is offered to (the longest-idle Ready member of
 * the queue's group), ring no answer (back to the head of the queue, the agent NotReady), and the wrap-up an agent
 * owes after an ACD call. Switch thread only.
 */
public final class AcdRouting {
    private final Map<String, AcdQueue> queues = new LinkedHashMap<>();
    private final Devices devices;
    private final Legs legs;
    private final Change change;
    private final Clock clock;

    public AcdRouting(Directory directory, String environment, Devices devices, Legs legs, Change change, Clock clock) {
        this.devices = devices;
        this.legs = legs;
        this.change = change;
        this.clock = clock;
        for (Dn dn : directory.dns()) {
            if (dn.environment().equals(environment) && dn.type() == DnType.ACD_QUEUE) {
                AgentGroup group = directory.groups().stream().filter(g -> g.name().equals(dn.agentGroup())).findFirst()
                        .orElse(new AgentGroup(String.valueOf(dn.agentGroup()), Set.of(), Set.of(), 0));
                queues.put(dn.number(), new AcdQueue(dn, group));
            }
        }
    }

    /** The queues, in directory order. */
    public Collection<AcdQueue> queues() {
        return queues.values();
    }

    /** A call was delivered to queue {@code number}: it waits there, and the queue looks for an agent. */
    public void enqueue(Call call, String number) {
        AcdQueue queue = queues.get(number);
        if (call.waitingAt == null) {
            call.waitingAt = queue;
            queue.waiting.addLast(call);
        }
        // else it already waits (a conference or transfer sent it to a queue again): it keeps its place.
        change.touch(call);
        dispatch();
    }

    /** Offers waiting calls to free agents, in queue order, each to the longest-idle Ready member. */
    public void dispatch() {
        for (AcdQueue queue : queues.values()) {
            while (!queue.waiting.isEmpty()) {
                Device agent = freeAgent(queue);
                if (agent == null) {
                    break;
                }
                Call call = queue.waiting.pollFirst();
                call.waitingAt = null;
                Party leg = legs.join(call, agent.dn.number(), agent, PartyRole.DESTINATION, PartyState.RINGING);
                leg.offeredBy = queue;
                change.touch(call);
                ringFor(leg, queue.ringNoAnswer);
            }
        }
    }

    /** The longest-idle free member; among equally idle ones the first in directory order (not hash order). */
    private Device freeAgent(AcdQueue queue) {
        Device best = null;
        List<Device> all = devices.all();
        for (int i = 0; i < all.size(); i++) {
            Device device = all.get(i);
            // The field tests first: under load most agents are busy, and the group lookup is the costly part (profile).
            if (device.userId != null && available(device) && (best == null || device.idleSince.isBefore(best.idleSince))
                    && queue.group.members().contains(device.userId)) {
                best = device;
            }
        }
        return best;
    }

    private static boolean available(Device device) {
        return device.agentState == AgentState.READY && device.legs.isEmpty() && !device.doNotDisturb && device.forwardTo == null;
    }

    /** Starts (or, for an offer moved into another call, continues) the ring-no-answer timer of a queue's offer. */
    public void ringFor(Party leg, Duration time) {
        leg.ringsUntil = clock.instant().plus(time);
        leg.ringTimer = legs.schedule(time, () -> ringNoAnswer(leg));
    }

    private void ringNoAnswer(Party leg) {
        if (leg.state != PartyState.RINGING) {
            return;
        }
        offerDeclined(leg);
    }

    /**
     * A queue's offer rang out or was rejected: rejecting is not ending the customer's call, which goes back to the
     * head of the queue; the agent is set NotReady so that the queue does not offer it straight back.
     */
    public void offerDeclined(Party leg) {
        Device agent = leg.device;
        returnToQueue(leg);
        // The agent goes NotReady before the queue looks again, or it would offer the call straight back.
        change.followUp(new FollowUp.OfferDeclined(agent));
    }

    private void returnToQueue(Party leg) {
        Call call = leg.call;
        AcdQueue queue = leg.offeredBy;
        leg.cancelRingTimer();
        if (call.waitingAt != null) {
            // Queued again meanwhile: a call waits in one place only, and after ring no answer that is the head.
            call.waitingAt.waiting.remove(call);
        }
        call.waitingAt = queue;
        queue.waiting.addFirst(call);
        legs.release(leg);
    }

    /** The agent logged out: ACD offers still ringing at the device go back to their queue. */
    public void agentLoggedOut(Device device) {
        for (Party leg : new ArrayList<>(device.legs)) {
            if (leg.acd() && leg.state == PartyState.RINGING) {
                returnToQueue(leg);
            }
        }
    }

    /** The caller hung up while waiting: the call leaves its queue. */
    public void abandoned(Call call) {
        call.waitingAt.waiting.remove(call);
        call.waitingAt = null;
    }

    /** A device's leg left its call: after an answered ACD call the agent owes the group's wrap-up; idle from now. */
    public void agentLeftCall(Party party) {
        Device device = party.device;
        device.idleSince = clock.instant();
        AcdQueue queue = party.offeredBy;
        if (queue != null && party.answered && queue.group.wrapUpSeconds() > 0) {
            change.followUp(new FollowUp.WrapUpOwed(device, Duration.ofSeconds(queue.group.wrapUpSeconds())));
        }
    }

    /** The agent went Ready: idle from now, so the longest-idle rule counts from here. */
    public void agentReady(Device device) {
        device.idleSince = clock.instant();
    }
}
