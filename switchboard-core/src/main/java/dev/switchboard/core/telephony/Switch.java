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
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.supervision.MonitoringView;
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
    private final Map<String, Device> devicesByNumber = new LinkedHashMap<>();
    private final List<SwitchEvent> pending = new ArrayList<>();
    private final CallControl calls;

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
                devicesByNumber.put(dn.number(), device);
                views.put(dn.id(), device.view());
            }
        }
        this.calls = new CallControl(this, directory, clock, devicesByNumber);
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
                    calls.loggedOut(device);
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
            calls.dispatch();
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
                device.wrapUpTimer = schedule(request.wrapUp(), () -> wrapUpElapsed(device));
            }
            changed(device, user.id(), DeviceChange.AGENT_STATE, before);
            calls.deviceChanged(device, DeviceChange.AGENT_STATE);
            calls.dispatch();
            return Outcome.OK;
        });
    }

    private void wrapUpElapsed(Device device) {
        device.wrapUpTimer = null;
        if (device.agentState == AgentState.AFTER_CALL_WORK && device.userId != null) {
            device.changeAgentState(device.agentState.onWrapUpElapsed(), null, clock.instant());
            changed(device, device.userId, DeviceChange.AGENT_STATE, AgentState.AFTER_CALL_WORK);
            calls.deviceChanged(device, DeviceChange.AGENT_STATE);
            calls.dispatch();
        }
    }

    /** After an ACD call: after-call work for the group's wrap-up time, then Ready again. */
    void startWrapUp(Device device, java.time.Duration wrapUp) {
        AgentState before = device.agentState;
        device.changeAgentState(device.agentState.onAfterCallWork(), null, clock.instant());
        device.wrapUpTimer = schedule(wrapUp, () -> wrapUpElapsed(device));
        changed(device, device.userId, DeviceChange.AGENT_STATE, before);
    }

    /** A change of agent state the switch makes itself (ring no answer sets NotReady). */
    void agentStateChanged(Device device, AgentState next) {
        AgentState before = device.agentState;
        device.changeAgentState(next, null, clock.instant());
        changed(device, device.userId, DeviceChange.AGENT_STATE, before);
    }

    /** Runs {@code task} on the switch thread after {@code delay}, then publishes what it changed. */
    Timers.Timer schedule(java.time.Duration delay, Runnable task) {
        return timers.schedule(delay, () -> {
            executor.assertOnSwitchThread();
            try {
                task.run();
            } finally {
                calls.publish();
                flush();
            }
        });
    }

    /** Adds an event of the current change, to be published after it (when {@code deliverable}). */
    void emit(SwitchEvent event, boolean deliverable) {
        executor.assertOnSwitchThread();
        if (deliverable) {
            pending.add(event);
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
            calls.dispatch();
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
            calls.dispatch();
            return Outcome.OK;
        });
    }

    // ---- calls ----

    /** The calls on the user's devices now, as each device sees them. */
    public List<CallView> callsOf(User user) {
        List<CallView> result = new ArrayList<>();
        for (DeviceView device : devicesOf(user)) {
            if (user.id().equals(device.userId())) {
                result.addAll(calls.callsOf(device.id()));
            }
        }
        return result;
    }

    /** A call as the switch sees it (kept for a while after it ended), or empty. */
    public Optional<CallSnapshot> call(String callId) {
        return Optional.ofNullable(calls.snapshot(callId));
    }

    /** Places a call from one of the user's devices (GWS Dial). Accepted with the new call's id. */
    public CompletableFuture<Outcome> dial(User user, String deviceId, String destination, Map<String, Object> userData) {
        return dial(user, deviceId, destination, userData, null);
    }

    /** {@link #dial(User, String, String, Map)} whose later failure echoes {@code referenceId}. */
    public CompletableFuture<Outcome> dial(User user, String deviceId, String destination, Map<String, Object> userData,
                                           Object referenceId) {
        return command(() -> {
            Device device = devices.get(deviceId);
            if (device == null || !user.id().equals(device.userId) && ownDevice(user, deviceId) == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
            }
            return calls.dial(user, device, destination, userData, referenceId);
        });
    }

    /**
     * Performs an operation on one of the user's calls. Refused with {@link Refusal#NOT_FOUND} when no device of the
     * user is in the call, and {@link Refusal#NOT_IN_CAPABILITIES} when the operation is not among the call's current
     * capabilities; a refused operation changes nothing.
     */
    public CompletableFuture<Outcome> callOperation(User user, String callId, CallRequest request) {
        return command(() -> {
            Device device = deviceInCall(user, callId);
            if (device == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found");
            }
            return calls.perform(user, device, callId, request.operation(), leg -> apply(leg, request));
        });
    }

    private Outcome apply(Party leg, CallRequest request) {
        return switch (request.operation()) {
            case ANSWER -> calls.answer(leg);
            case HANGUP -> calls.hangup(leg);
            case HOLD -> calls.hold(leg);
            case RETRIEVE -> calls.retrieve(leg);
            case INITIATE_TRANSFER, INITIATE_CONFERENCE -> calls.consult(leg, request.destination(), request.userData(),
                    request.referenceId());
            case COMPLETE_TRANSFER -> calls.complete(leg, request.otherCallId(), false);
            case COMPLETE_CONFERENCE -> calls.complete(leg, request.otherCallId(), true);
            case SINGLE_STEP_TRANSFER -> calls.singleStepTransfer(leg, request.destination(), request.userData(),
                    request.referenceId());
            case SINGLE_STEP_CONFERENCE -> calls.singleStepConference(leg, request.destination(), request.userData(),
                    request.referenceId());
            case REMOVE_PARTICIPANT_FROM_CONFERENCE -> calls.removeParticipant(leg, request.participant());
            case SWAP_CALLS -> calls.swap(leg, request.otherCallId());
            case CLEAR_CALL -> calls.clear(leg);
            case SEND_DTMF -> calls.sendDtmf(leg, request.digits());
            case ATTACH_USER_DATA -> calls.attachUserData(leg, request.userData(), false);
            case UPDATE_USER_DATA -> calls.attachUserData(leg, request.userData(), true);
            case DELETE_USER_DATA_PAIR -> calls.deleteUserDataPair(leg, request.key());
            case DELETE_USER_DATA -> calls.deleteUserData(leg);
            case MUTE_CALL -> calls.mute(leg, true);
            case UNMUTE_CALL -> calls.mute(leg, false);
            case START_CALL_RECORDING, RESUME_CALL_RECORDING -> calls.recording(leg, RecordingState.RECORDING);
            case STOP_CALL_RECORDING -> calls.recording(leg, RecordingState.STOPPED);
            case PAUSE_CALL_RECORDING -> calls.recording(leg, RecordingState.PAUSED);
            case SWITCH_TO_LISTEN_IN -> calls.switchMonitoring(leg, leg.monitor.type.onSwitchToListenIn());
            case SWITCH_TO_BARGE_IN -> calls.switchMonitoring(leg, leg.monitor.type.onSwitchToBargeIn());
            case MUTE_MONITORED_USER -> calls.muteMonitoredUser(leg, true);
            case UNMUTE_MONITORED_USER -> calls.muteMonitoredUser(leg, false);
        };
    }

    private Device deviceInCall(User user, String callId) {
        for (Device device : devices.values()) {
            if (user.id().equals(device.userId)) {
                for (Party leg : device.legs) {
                    if (leg.call.id.equals(callId)) {
                        return device;
                    }
                }
            }
        }
        return null;
    }

    /** A customer (an external number) calls {@code to}. Accepted with the new call's id. */
    public CompletableFuture<Outcome> customerCall(String from, String to, Map<String, Object> userData) {
        return command(() -> calls.customerCall(from, to, userData));
    }

    /** The customer {@code number} answers the call ringing at them. */
    public CompletableFuture<Outcome> customerAnswer(String callId, String number) {
        return command(() -> calls.customerAnswer(callId, number));
    }

    /** The customer {@code number} (or any customer, when {@code null}) hangs up. */
    public CompletableFuture<Outcome> customerHangup(String callId, String number) {
        return command(() -> calls.customerHangup(callId, number));
    }

    /** The customer {@code number} (or any customer, when {@code null}) sends DTMF digits. */
    public CompletableFuture<Outcome> customerDtmf(String callId, String number, String digits) {
        return command(() -> calls.customerDtmf(callId, number, digits));
    }

    // ---- supervision ----

    /**
     * Starts a supervisor's monitoring from their own device (see {@link CallControl#monitor}). The supervisor must be
     * logged in on it. Authorization by role, feature and group is the caller's: the API checks it before.
     */
    public CompletableFuture<Outcome> monitor(User supervisor, String deviceId, MonitoringRequest request) {
        return command(() -> {
            Device device = devices.get(deviceId);
            if (device == null || ownDevice(supervisor, deviceId) == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
            }
            if (!supervisor.id().equals(device.userId)) {
                return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Start a contact center session before monitoring");
            }
            return calls.monitor(device, supervisor.id(), request);
        });
    }

    /** Ends the supervisor's monitoring subscription and releases their monitoring leg. */
    public CompletableFuture<Outcome> cancelMonitoring(User supervisor, String deviceId) {
        return command(() -> {
            Device device = devices.get(deviceId);
            if (device == null || ownDevice(supervisor, deviceId) == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
            }
            return calls.cancelMonitoring(device);
        });
    }

    /** The active monitoring subscriptions on this switch, by supervisor device id. */
    public Map<String, MonitoringView> subscriptions() {
        return calls.subscriptions();
    }

    /** A device's monitoring changed: its user hears of it (a DeviceStateChangeMessage). */
    void monitoringChanged(Device device) {
        if (device.userId != null) {
            changed(device, device.userId, DeviceChange.MONITORING);
        } else {
            refreshView(device);
        }
    }

    /** Republishes a device's view without telling anyone (a monitored agent does not learn of the supervisor). */
    void refreshView(Device device) {
        views.put(device.dn.id(), device.view());
    }

    /** Every live call as the switch sees it, read on the switch thread: for invariant checks. */
    public CompletableFuture<List<CallSnapshot>> liveCalls() {
        return executor.submit(calls::liveCalls);
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
                calls.publish();
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
