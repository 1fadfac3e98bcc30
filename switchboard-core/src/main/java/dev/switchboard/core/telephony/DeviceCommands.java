package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.model.Subscription;
import dev.switchboard.core.routing.AcdRouting;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.supervision.Supervision;
import dev.switchboard.core.time.Timers;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.core.view.PhoneState;

/**
 * The operations on devices: contact-center sessions, agent states with their wrap-up timer, do-not-disturb,
 * forwarding, and the supervisor's monitoring requests (checked by {@link MonitoringPolicy}, lived by
 * {@link Supervision}). Switch thread only, but for the session places it publishes.
 */
final class DeviceCommands {
    private final VoiceEnvironment environment;
    private final Directory directory;
    private final Devices devices;
    private final SessionRegistry registry;
    private final AcdRouting routing;
    private final Supervision supervision;
    private final CallViews views;
    private final Clock clock;
    private final BiFunction<Duration, Runnable, Timers.Timer> scheduler;
    private final Map<String, String> sessionPlaces = new ConcurrentHashMap<>();

    DeviceCommands(VoiceEnvironment environment, Directory directory, Devices devices, SessionRegistry registry,
                   AcdRouting routing, Supervision supervision, CallViews views, Clock clock,
                   BiFunction<Duration, Runnable, Timers.Timer> scheduler) {
        this.environment = environment;
        this.directory = directory;
        this.devices = devices;
        this.registry = registry;
        this.routing = routing;
        this.supervision = supervision;
        this.views = views;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** The place of the user's session on this switch, if any (any thread). */
    Optional<String> sessionPlace(String userId) {
        return Optional.ofNullable(sessionPlaces.get(userId));
    }

    // ---- sessions ----

    Outcome startSession(User user, Place place) {
        if (!place.environment().equals(environment.name())) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Place " + place.name() + " is not on switch " + environment.name());
        }
        String current = sessionPlaces.get(user.id());
        if (current != null) {
            return current.equals(place.name()) ? Outcome.OK
                    : Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Contact center session already started on place " + current);
        }
        List<Device> placeDevices = directory.dnsOf(place).stream().map(dn -> devices.byId(dn.id())).toList();
        if (placeDevices.contains(null)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Place " + place.name() + " has a DN that is not an agent device");
        }
        for (Device device : placeDevices) {
            if (device.userId != null) {
                return Outcome.refused(Refusal.IN_USE, "Place " + place.name() + " is in use by another user");
            }
        }
        Device loginDevice = loginDevice(placeDevices);
        if (loginDevice == null) {
            return Outcome.refused(Refusal.INVALID_PARAMETER,
                    "Place " + place.name() + " has several devices and not exactly one ACDPosition");
        }
        if (!registry.claim(user.id(), environment.name())) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES,
                    "Contact center session already started in voice environment " + registry.environmentOf(user.id()).orElse("?"));
        }
        Instant now = clock.instant();
        for (Device device : placeDevices) {
            AgentState before = device.agentState;
            device.userId = user.id();
            if (device == loginDevice) {
                device.changeAgentState(device.agentState.onLogin(), null, now);
            }
            devices.changed(device, user.id(), DeviceChange.LOGIN, before);
        }
        sessionPlaces.put(user.id(), place.name());
        return Outcome.OK;
    }

    private static Device loginDevice(List<Device> placeDevices) {
        if (placeDevices.size() == 1) {
            return placeDevices.get(0);
        }
        List<Device> positions = placeDevices.stream().filter(d -> d.dn.type() == DnType.ACD_POSITION).toList();
        return positions.size() == 1 ? positions.get(0) : null;
    }

    Outcome endSession(User user) {
        String place = sessionPlaces.get(user.id());
        if (place == null) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No contact center session is active");
        }
        Instant now = clock.instant();
        for (Device device : devices.all()) {
            if (user.id().equals(device.userId)) {
                if (supervision.loggedOut(device)) {
                    // While the devices are still their users': the supervisor learns that their leg is released, the
                    // agent that the supervisor left (after the device is unassigned, neither would be told).
                    views.publish();
                }
                routing.agentLoggedOut(device);
                AgentState before = device.agentState;
                if (device.agentState.isLoggedIn()) {
                    device.changeAgentState(device.agentState.onLogout(), null, now);
                }
                device.userId = null;
                devices.changed(device, user.id(), DeviceChange.LOGOUT, before);
            }
        }
        sessionPlaces.remove(user.id());
        registry.release(user.id(), environment.name());
        routing.dispatch();
        return Outcome.OK;
    }

    /**
     * Claims the user's session on {@code place} for a restore: false when another place or switch holds it. The
     * place's devices are assigned by the caller.
     */
    boolean claimRestored(User user, Place place) {
        String current = sessionPlaces.get(user.id());
        if (current != null) {
            return current.equals(place.name());
        }
        if (!place.environment().equals(environment.name()) || !registry.claim(user.id(), environment.name())) {
            return false;
        }
        sessionPlaces.put(user.id(), place.name());
        return true;
    }

    // ---- agent states ----

    Outcome changeAgentState(User user, AgentStateRequest request) {
        Device device = loggedInDevice(user);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "The agent is not logged in; start a contact center session first");
        }
        AgentState next = switch (request.target()) {
            case READY -> device.agentState.onReady();
            case NOT_READY -> device.agentState.onNotReady();
            case AFTER_CALL_WORK -> device.agentState.onAfterCallWork();
            case AUX_WORK -> device.agentState.onAuxWork();
            case LOGGED_OUT -> throw new IllegalArgumentException("Logout is EndContactCenterSession");
        };
        AgentState before = device.agentState;
        device.changeAgentState(next, request.workMode(), request.reason(), clock.instant());
        if (next == AgentState.AFTER_CALL_WORK && request.wrapUp() != null && !request.wrapUp().isZero()) {
            wrapUpFor(device, request.wrapUp());
        }
        devices.changed(device, user.id(), DeviceChange.AGENT_STATE, before);
        agentStateChanged(device);
        routing.dispatch();
        return Outcome.OK;
    }

    /** The device's after-call work returns it to Ready after {@code wrapUp}. */
    void wrapUpFor(Device device, Duration wrapUp) {
        device.wrapUpUntil(scheduler.apply(wrapUp, () -> wrapUpElapsed(device)), clock.instant().plus(wrapUp));
    }

    private void wrapUpElapsed(Device device) {
        device.wrapUpElapsed();
        if (device.agentState == AgentState.AFTER_CALL_WORK && device.userId != null) {
            device.changeAgentState(device.agentState.onWrapUpElapsed(), null, clock.instant());
            devices.changed(device, device.userId, DeviceChange.AGENT_STATE, AgentState.AFTER_CALL_WORK);
            agentStateChanged(device);
            routing.dispatch();
        }
    }

    private void agentStateChanged(Device device) {
        if (device.agentState == AgentState.READY) {
            routing.agentReady(device);
        }
    }

    /** After an ACD call, if still Ready: after-call work for the group's wrap-up time, then Ready again. */
    void wrapUpOwed(Device device, Duration wrapUp) {
        if (device.agentState != AgentState.READY || device.userId == null) {
            return;
        }
        AgentState before = device.agentState;
        device.changeAgentState(device.agentState.onAfterCallWork(), null, clock.instant());
        wrapUpFor(device, wrapUp);
        devices.changed(device, device.userId, DeviceChange.AGENT_STATE, before);
    }

    /** A queue's offer rang out or was declined: the agent goes NotReady (unless already), then the queues look again. */
    void offerDeclined(Device agent) {
        if (agent.userId != null && agent.agentState.isLoggedIn() && agent.agentState != AgentState.NOT_READY) {
            AgentState before = agent.agentState;
            agent.changeAgentState(AgentState.NOT_READY, null, clock.instant());
            devices.changed(agent, agent.userId, DeviceChange.AGENT_STATE, before);
        }
        routing.dispatch();
    }

    // ---- features ----

    Outcome setDoNotDisturb(User user, String deviceId, boolean on) {
        Device device = ownDevice(user, deviceId);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
        }
        DeviceOperation operation = on ? DeviceOperation.DO_NOT_DISTURB_ON : DeviceOperation.DO_NOT_DISTURB_OFF;
        if (!DeviceOperation.capabilitiesOf(device.view(), user).contains(operation)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Do not disturb is already " + (on ? "on" : "off"));
        }
        device.doNotDisturb = on;
        devices.changed(device, user.id(), DeviceChange.DO_NOT_DISTURB);
        routing.dispatch();
        return Outcome.OK;
    }

    Outcome setForwarding(User user, String deviceId, String destination) {
        Device device = ownDevice(user, deviceId);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
        }
        DeviceOperation operation = destination == null ? DeviceOperation.FORWARD_CALLS_OFF : DeviceOperation.FORWARD_CALLS_ON;
        if (!DeviceOperation.capabilitiesOf(device.view(), user).contains(operation)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, destination == null ? "Call forwarding is not on"
                    : "Call forwarding is already on, to " + device.forwardTo);
        }
        if (destination != null && destination.equals(device.dn.number())) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot forward calls to itself");
        }
        device.forwardTo = destination;
        devices.changed(device, user.id(), DeviceChange.FORWARDING);
        routing.dispatch();
        return Outcome.OK;
    }

    /** The DN's phone registered or went away: the device's user sees its {@code deviceState} change. */
    Outcome phoneRegistration(String deviceNumber, boolean registered) {
        Device device = devices.byNumber(deviceNumber);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "No device " + deviceNumber);
        }
        PhoneState now = registered ? PhoneState.REGISTERED : PhoneState.UNREGISTERED;
        if (device.phone != now) {
            device.phone = now;
            if (device.userId != null) {
                devices.changed(device, device.userId, DeviceChange.PHONE);
            } else {
                devices.refreshView(device);
            }
        }
        return Outcome.OK;
    }

    // ---- supervisor monitoring ----

    /**
     * Starts a supervisor's monitoring from their own device, once {@link MonitoringPolicy} allows it on the state now
     * (whoever calls: the API checked authorization before it audited, the switch checks everything again).
     */
    Outcome monitor(User supervisor, String deviceId, MonitoringRequest request) {
        Device device = ownDevice(supervisor, deviceId);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
        }
        Outcome refused = monitoringRefused(supervisor, device, request);
        if (refused != null) {
            return refused;
        }
        supervision.start(device, supervisor.id(), devices.byNumber(request.targetNumber()), request.targetNumber(), request);
        return Outcome.OK;
    }

    /** Why monitoring {@code request} from the supervisor's {@code device} is refused on the state now, or {@code null}. */
    Outcome monitoringRefused(User supervisor, Device device, MonitoringRequest request) {
        String number = request.targetNumber();
        Device target = devices.byNumber(number);
        Dn dn = target != null ? target.dn : directory.dnByNumber(environment.name(), number).orElse(null);
        boolean routingPoint = dn != null && (dn.type() == DnType.ROUTING_POINT || dn.type() == DnType.ACD_QUEUE);
        if (target == null && !routingPoint) {
            return Outcome.refused(Refusal.NOT_FOUND, "Number " + number + " is no device, routing point or queue of switch "
                    + environment.name());
        }
        Optional<MonitoringPolicy.Denial> denial = MonitoringPolicy.check(directory, environment,
                new MonitoringPolicy.Ask(supervisor, device.view(), dn, target == null ? null : target.view(), request.type(),
                        request.scope()));
        return denial.map(d -> Outcome.refused(d.reason(), d.message())).orElse(null);
    }

    /**
     * Switches the supervisor's monitoring call {@code callId}, and their subscription with it, to {@code way} (the
     * extension's SwitchToCoach / SwitchToListenIn): they stay on the call. Refused as the GWS switches are: not their
     * call ({@link Refusal#NOT_FOUND}); not a monitoring call, not switchable now ({@link Supervision#switchable}) or
     * already that way ({@link Refusal#NOT_IN_CAPABILITIES}); and as a request for the subscription's new way would be
     * ({@link MonitoringPolicy}, e.g. Coach on a routing point in a SIP Cluster).
     */
    Outcome switchMonitoring(User supervisor, String callId, MonitoringType way) {
        for (Device device : devices.all()) {
            Party leg = supervisor.id().equals(device.userId) ? device.legOf(callId) : null;
            if (leg != null && leg.active()) {
                return switchMonitoring(supervisor, device, leg, way);
            }
        }
        return Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found");
    }

    private Outcome switchMonitoring(User supervisor, Device device, Party leg, MonitoringType way) {
        if (!leg.supervising()) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Call " + leg.call.id + " is not a monitoring call");
        }
        Subscription subscription = leg.monitor;
        if (leg.state != PartyState.ESTABLISHED || !supervision.switchable(subscription)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "The monitoring call " + leg.call.id + " cannot switch now");
        }
        if (subscription.type == way) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "The monitoring call " + leg.call.id + " is already " + way.wireName());
        }
        Outcome refused = monitoringRefused(supervisor, device,
                new MonitoringRequest(way, subscription.scope, subscription.mode, subscription.targetNumber));
        if (refused != null) {
            return refused;
        }
        supervision.switchSubscriptionTo(leg, way);
        return Outcome.OK;
    }

    Outcome cancelMonitoring(User supervisor, String deviceId) {
        Device device = ownDevice(supervisor, deviceId);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
        }
        if (!supervision.cancel(device)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No supervisor monitoring is active on this device");
        }
        return Outcome.OK;
    }

    // ---- whose device ----

    /** The device the user's agent is logged in on, or {@code null}. */
    private Device loggedInDevice(User user) {
        for (Device device : devices.all()) {
            if (user.id().equals(device.userId) && device.agentState.isLoggedIn()) {
                return device;
            }
        }
        return null;
    }

    /** The device if the user may act on it: assigned to them, or one of their default devices nobody holds. */
    Device ownDevice(User user, String deviceId) {
        Device device = devices.byId(deviceId);
        if (device == null) {
            return null;
        }
        if (user.id().equals(device.userId)) {
            return device;
        }
        boolean defaultDevice = device.userId == null && registry.environmentOf(user.id()).isEmpty()
                && device.dn.place() != null && device.dn.place().equals(user.defaultPlace());
        return defaultDevice ? device : null;
    }
}
