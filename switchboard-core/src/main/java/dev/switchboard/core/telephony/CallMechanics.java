package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.endpoint.Origination;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.endpoint.VirtualEndpoint;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.IdSource;
import dev.switchboard.core.model.Legs;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.routing.AcdRouting;
import dev.switchboard.core.supervision.Supervision;
import dev.switchboard.core.time.Timers;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * The mechanics every call operation is made of: a call is created, a party joins it on its endpoint, a call is
 * delivered to a number, a party is established, moved into another call or released. Releasing and establishing tell
 * routing (wrap-up owed) and supervision (a supervisor joins, follows or leaves) what happened. Switch thread only.
 */
final class CallMechanics implements Legs {
    /** Error code of a busy destination (T-Lib's 'DN is busy'). */
    static final int ERROR_BUSY = 56;
    /** Forwarding hops before a loop is assumed. */
    private static final int MAX_REDIRECTS = 5;

    private final String environment;
    private final Directory directory;
    private final Devices devices;
    private final Change change;
    private final Clock clock;
    private final BiFunction<Duration, Runnable, Timers.Timer> scheduler;
    private final IdSource ids;
    private final Endpoints endpoints;
    private final CallTable calls;
    private AcdRouting routing;
    private Supervision supervision;

    CallMechanics(String environment, Directory directory, Devices devices, CallTable calls, Change change, Clock clock,
                  BiFunction<Duration, Runnable, Timers.Timer> scheduler, IdSource ids, Endpoints endpoints) {
        this.environment = environment;
        this.directory = directory;
        this.devices = devices;
        this.calls = calls;
        this.change = change;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ids = ids;
        this.endpoints = endpoints;
    }

    /** The rules the mechanics tell of what happened; built on these mechanics, so given after them. */
    void use(AcdRouting acdRouting, Supervision supervisionRules) {
        this.routing = acdRouting;
        this.supervision = supervisionRules;
    }

    Call newCall(String ani, String dnis, Call parent) {
        Call call = new Call(ids.callId(), ids.connId(), clock.instant(), ani, dnis, parent);
        calls.add(call);
        change.touch(call);
        return call;
    }

    @Override
    public Party join(Call call, String number, Device device, PartyRole role, PartyState state) {
        return join(call, number, device, role, state, null);
    }

    /**
     * Adds a party to the call. A new leg gets the endpoint that serves its device or number and is offered there when
     * it rings, when it is a supervisor's, or when it is a device's dialing leg (its phone is called first); a leg
     * that exists already ({@code existing}: the caller's leg of a call an endpoint placed, or a leg moving between
     * calls) keeps its id and endpoint and is offered nothing.
     */
    Party join(Call call, String number, Device device, PartyRole role, PartyState state, Origination existing) {
        Party party;
        if (existing != null) {
            party = new Party(existing.legId(), call, number, device, existing.endpoint(), role, state);
        } else {
            Endpoint endpoint = device != null ? endpoints.device(device.dn) : endpoints.external(number);
            party = new Party(ids.legId(), call, number, device, endpoint, role, state);
        }
        call.parties.add(party);
        calls.joined(party);
        if (device != null) {
            device.legs.add(party);
        }
        change.touch(call);
        boolean offered = state == PartyState.RINGING || role == PartyRole.SUPERVISOR || state == PartyState.DIALING && device != null;
        if (existing == null && offered && real(party)) {
            EndpointLeg leg = party.leg();
            request(party, e -> e.offer(leg));
        }
        return party;
    }

    @Override
    public Timers.Timer schedule(Duration delay, Runnable task) {
        return scheduler.apply(delay, task);
    }

    /**
     * Delivers a call to a number: an agent device rings (unless do-not-disturb makes it busy, or forwarding sends it
     * on), a routing point routes it on, an ACD queue queues it, anything else is an external number that rings.
     *
     * @return false when the destination is busy
     */
    boolean deliver(Call call, String number, PartyRole role, int redirects) {
        Device device = devices.byNumber(number);
        if (device != null) {
            if (device.forwardTo != null && redirects < MAX_REDIRECTS) {
                return deliver(call, device.forwardTo, role, redirects + 1);
            }
            // A device already in this call, or in a call it consults about or that consults about it, is busy:
            // completing the consultation would put the device into one call twice.
            Call family = call.root();
            if (device.doNotDisturb || device.legs.stream().anyMatch(p -> p.call.root() == family)) {
                return false;
            }
            join(call, number, device, role, PartyState.RINGING);
            return true;
        }
        Dn dn = directory.dnByNumber(environment, number).orElse(null);
        if (dn != null && (dn.type() == DnType.ROUTING_POINT || dn.type() == DnType.ACD_QUEUE)) {
            supervision.arrivedAt(call, number);
        }
        if (dn != null && dn.type() == DnType.ROUTING_POINT) {
            return dn.routeTo() != null && redirects < MAX_REDIRECTS && deliver(call, dn.routeTo(), role, redirects + 1);
        }
        if (dn != null && dn.type() == DnType.ACD_QUEUE) {
            routing.enqueue(call, number);
            return true;
        }
        join(call, number, null, role, PartyState.RINGING);
        return true;
    }

    /** A party answered (or was answered): established, and its supervisor may join. */
    void establish(Party party) {
        party.state = party.state.onAnswered();
        party.answered = true;
        change.touch(party.call);
        if (real(party)) {
            EndpointLeg leg = party.leg();
            request(party, e -> e.connected(leg));
        }
        supervision.partyEstablished(party);
    }

    /** Moves an active party of one call into another, keeping its state; returns its party in {@code target}. */
    Party moveInto(Party moving, Call target, PartyRole role) {
        // The same leg (a phone's dialog stays up): it leaves the leg table before it joins again under its id.
        calls.left(moving);
        Party moved = join(target, moving.number, moving.device, role, moving.state, new Origination(moving.id, moving.endpoint));
        moved.muted = moving.muted;
        moved.offeredBy = moving.offeredBy;
        moved.answered = moving.answered;
        if (moving.ringTimer != null) {
            // A queue's offer still rings: it keeps the ring-no-answer time it has left.
            moving.cancelRingTimer();
            routing.ringFor(moved, Duration.between(clock.instant(), moving.ringsUntil));
        }
        // The party leaves the consultation without hanging up: its leg there simply ends.
        moving.state = moving.state.onReleased();
        if (moving.device != null) {
            moving.device.legs.remove(moving);
            change.released(moving);
        }
        change.touch(moving.call);
        if (moved.state == PartyState.ESTABLISHED) {
            supervision.partyEstablished(moved);
        }
        return moved;
    }

    @Override
    public void release(Party party) {
        release(party, ReleaseCause.NORMAL);
    }

    /** Releases a party; a call left with fewer than two active parties (and not waiting in a queue) ends. */
    void release(Party party, ReleaseCause cause) {
        if (!party.active()) {
            return;
        }
        Call call = party.call;
        party.cancelRingTimer();
        party.state = party.state.onReleased();
        party.pending = null;
        calls.left(party);
        change.touch(call);
        if (!party.endpointEnded && real(party)) {
            EndpointLeg leg = party.leg();
            request(party, e -> e.release(leg, cause));
        }
        if (party.device != null) {
            party.device.legs.remove(party);
            change.released(party);
            routing.agentLeftCall(party);
        }
        supervision.partyReleased(party);
        if (call.waitingAt != null && call.activeCount() == 0) {
            routing.abandoned(call);
        }
        if (call.waitingAt == null && call.activeCount() < 2) {
            Supervision.callEnded(call);
            for (Party rest : new ArrayList<>(call.everyone())) {
                release(rest, cause);
            }
        }
    }

    /** Reports a failure after the call events of the same change, so the client knows the call it names. */
    void failed(Device device, Call call, String message, Object referenceId) {
        String userId = device.userId;
        if (userId != null) {
            change.followUp(new FollowUp.Failure(new CallFailed(clock.instant(), userId, call.id, ERROR_BUSY, message, referenceId)));
        }
    }

    /** Asks the party's endpoint something after the change, unless it is virtual (it would do nothing). */
    void request(Party party, Consumer<Endpoint> request) {
        Endpoint endpoint = party.endpoint;
        if (real(party)) {
            change.request(() -> request.accept(endpoint));
        }
    }

    /** Whether the party's endpoint is more than the virtual one: only then is it asked anything. */
    static boolean real(Party party) {
        return !(party.endpoint instanceof VirtualEndpoint);
    }
}
