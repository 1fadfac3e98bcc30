package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.telephony.Outcome.Refusal;
import dev.switchboard.core.time.Timers;

/**
 * One voice environment's switch: its devices, the agents logged in on them and (later) its calls.
 *
 * <p>Every change runs on the switch's {@link SwitchExecutor}; public methods submit a command and complete with its
 * {@link Outcome} once it was applied or refused. The events of a change are published to the {@link EventSink} after
 * the change, in order. Reads ({@link #device(String)}, {@link #sessionPlace(String)}) see immutable views that the
 * switch replaces after each change, so they never wait for the switch.
 */
public final class Switch {
    private final VoiceEnvironment environment;
    private final Directory directory;
    private final SwitchExecutor executor;
    private final Clock clock;
    private final Timers timers;
    private final EventSink events;
    private final SessionRegistry registry;

    // Live state: switch thread only.
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final List<SwitchEvent> pending = new ArrayList<>();

    // Published views: written by the switch thread after each change, read by anyone.
    private final Map<String, DeviceView> views = new ConcurrentHashMap<>();
    private final Map<String, String> sessionPlaces = new ConcurrentHashMap<>();

    /** A switch on its own, with a session registry of its own. */
    public Switch(VoiceEnvironment environment, Directory directory, SwitchExecutor executor, Clock clock, Timers timers,
                  EventSink events) {
        this(environment, directory, executor, clock, timers, events, new SessionRegistry());
    }

    /** A switch of a contact center whose switches share {@code registry}. */
    public Switch(VoiceEnvironment environment, Directory directory, SwitchExecutor executor, Clock clock, Timers timers,
                  EventSink events, SessionRegistry registry) {
        this.registry = registry;
        this.environment = environment;
        this.directory = directory;
        this.executor = executor;
        this.clock = clock;
        this.timers = timers;
        this.events = events;
        Instant now = clock.instant();
        for (Dn dn : directory.dns()) {
            if (dn.environment().equals(environment.name()) && dn.type().isAgentDevice()) {
                Device device = new Device(dn, now);
                devices.put(dn.id(), device);
                views.put(dn.id(), device.view());
            }
        }
    }

    public VoiceEnvironment environment() {
        return environment;
    }

    public SwitchExecutor executor() {
        return executor;
    }

    public SessionRegistry registry() {
        return registry;
    }

    // ---- reads (any thread) ----

    /** The device with this id on this switch, as of the last change. */
    public Optional<DeviceView> device(String deviceId) {
        return Optional.ofNullable(views.get(deviceId));
    }

    /** The place of the user's contact-center session on this switch, if any. */
    public Optional<String> sessionPlace(String userId) {
        return Optional.ofNullable(sessionPlaces.get(userId));
    }

    /**
     * The devices a user has: those of their session's place, or without a session those of their default place
     * that nobody else holds (GWS assigns a user's default devices to them when no session is running).
     */
    public List<DeviceView> devicesOf(User user) {
        String place = sessionPlaces.get(user.id());
        if (place == null) {
            if (registry.environmentOf(user.id()).isPresent()) {
                // The user's session runs on another switch: their default devices here are not theirs now.
                return List.of();
            }
            place = user.defaultPlace();
        }
        if (place == null) {
            return List.of();
        }
        Optional<Place> found = directory.placeByName(place);
        if (found.isEmpty() || !found.get().environment().equals(environment.name())) {
            return List.of();
        }
        List<DeviceView> result = new ArrayList<>();
        for (Dn dn : directory.dnsOf(found.get())) {
            DeviceView view = views.get(dn.id());
            if (view != null && (view.userId() == null || view.userId().equals(user.id()))) {
                result.add(view);
            }
        }
        return result;
    }

    // ---- commands ----

    /**
     * Starts the user's contact-center session on {@code place}: assigns the place's devices to the user and logs
     * the agent in, NotReady, on the place's single device or its ACDPosition. Emits {@link DeviceChange#LOGIN} for
     * each device. Starting again on the same place changes nothing.
     */
    public CompletableFuture<Outcome> startSession(User user, Place place) {
        return command(() -> {
            if (!place.environment().equals(environment.name())) {
                return Outcome.refused(Refusal.INVALID_PARAMETER, "Place " + place.name() + " is not on switch " + environment.name());
            }
            String current = sessionPlaces.get(user.id());
            if (current != null) {
                return current.equals(place.name()) ? Outcome.OK
                        : Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Contact center session already started on place " + current);
            }
            List<Device> placeDevices = directory.dnsOf(place).stream().map(dn -> devices.get(dn.id())).toList();
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
                changed(device, user.id(), DeviceChange.LOGIN, before);
            }
            sessionPlaces.put(user.id(), place.name());
            return Outcome.OK;
        });
    }

    private static Device loginDevice(List<Device> placeDevices) {
        if (placeDevices.size() == 1) {
            return placeDevices.get(0);
        }
        List<Device> positions = placeDevices.stream().filter(d -> d.dn.type() == DnType.ACD_POSITION).toList();
        return positions.size() == 1 ? positions.get(0) : null;
    }

    /** Ends the user's session: logs the agent out and unassigns the place's devices. Emits {@link DeviceChange#LOGOUT}. */
    public CompletableFuture<Outcome> endSession(User user) {
        return command(() -> {
            String place = sessionPlaces.get(user.id());
            if (place == null) {
                return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No contact center session is active");
            }
            Instant now = clock.instant();
            for (Device device : devices.values()) {
                if (user.id().equals(device.userId)) {
                    AgentState before = device.agentState;
                    if (device.agentState.isLoggedIn()) {
                        device.changeAgentState(device.agentState.onLogout(), null, now);
                    }
                    device.userId = null;
                    changed(device, user.id(), DeviceChange.LOGOUT, before);
                }
            }
            sessionPlaces.remove(user.id());
            registry.release(user.id(), environment.name());
            return Outcome.OK;
        });
    }

    /**
     * Changes the agent state on the device the user is logged in on. AfterCallWork with a wrap-up time returns the
     * agent to Ready when it runs out, unless another state change came first. Emits {@link DeviceChange#AGENT_STATE}.
     */
    public CompletableFuture<Outcome> changeAgentState(User user, AgentStateRequest request) {
        return command(() -> {
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
            device.changeAgentState(next, request.workMode(), clock.instant());
            if (next == AgentState.AFTER_CALL_WORK && request.wrapUp() != null && !request.wrapUp().isZero()) {
                device.wrapUpTimer = timers.schedule(request.wrapUp(), () -> wrapUpElapsed(device));
            }
            changed(device, user.id(), DeviceChange.AGENT_STATE, before);
            return Outcome.OK;
        });
    }

    private void wrapUpElapsed(Device device) {
        executor.assertOnSwitchThread();
        device.wrapUpTimer = null;
        if (device.agentState == AgentState.AFTER_CALL_WORK && device.userId != null) {
            device.changeAgentState(device.agentState.onWrapUpElapsed(), null, clock.instant());
            changed(device, device.userId, DeviceChange.AGENT_STATE, AgentState.AFTER_CALL_WORK);
            flush();
        }
    }

    /** Turns do-not-disturb on or off. Emits {@link DeviceChange#DO_NOT_DISTURB}. */
    public CompletableFuture<Outcome> setDoNotDisturb(User user, String deviceId, boolean on) {
        return command(() -> {
            Device device = ownDevice(user, deviceId);
            if (device == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
            }
            if (device.doNotDisturb == on) {
                return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Do not disturb is already " + (on ? "on" : "off"));
            }
            device.doNotDisturb = on;
            changed(device, user.id(), DeviceChange.DO_NOT_DISTURB);
            return Outcome.OK;
        });
    }

    /**
     * Forwards the device's calls to {@code destination}, or stops forwarding when it is {@code null}. Emits
     * {@link DeviceChange#FORWARDING}.
     */
    public CompletableFuture<Outcome> setForwarding(User user, String deviceId, String destination) {
        return command(() -> {
            Device device = ownDevice(user, deviceId);
            if (device == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
            }
            if (destination == null && device.forwardTo == null) {
                return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Call forwarding is not on");
            }
            if (destination != null && device.forwardTo != null) {
                return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Call forwarding is already on, to " + device.forwardTo);
            }
            if (destination != null && destination.equals(device.dn.number())) {
                return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot forward calls to itself");
            }
            device.forwardTo = destination;
            changed(device, user.id(), DeviceChange.FORWARDING);
            return Outcome.OK;
        });
    }

    // ---- internals (switch thread) ----

    private CompletableFuture<Outcome> command(Supplier<Outcome> change) {
        return executor.submit(() -> {
            if (!events.hasRoom()) {
                return Outcome.refused(Refusal.UNAVAILABLE, "Voice service is not available at this time");
            }
            try {
                return change.get();
            } finally {
                flush();
            }
        });
    }

    private Device loggedInDevice(User user) {
        for (Device device : devices.values()) {
            if (user.id().equals(device.userId) && device.agentState.isLoggedIn()) {
                return device;
            }
        }
        return null;
    }

    /** The device if the user may act on it: assigned to them, or one of their default devices nobody holds. */
    private Device ownDevice(User user, String deviceId) {
        Device device = devices.get(deviceId);
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

    private void changed(Device device, String userId, DeviceChange change) {
        changed(device, userId, change, device.agentState);
    }

    private void changed(Device device, String userId, DeviceChange change, AgentState before) {
        executor.assertOnSwitchThread();
        DeviceView view = device.view();
        views.put(device.dn.id(), view);
        pending.add(new DeviceStateChanged(clock.instant(), userId, view, change, before));
    }

    private void flush() {
        for (SwitchEvent event : pending) {
            events.publish(event);
        }
        pending.clear();
    }

    @Override
    public String toString() {
        return "Switch@" + Integer.toHexString(hashCode()) + "[" + environment.name() + ",devices=" + devices.size() + "]";
    }
}
