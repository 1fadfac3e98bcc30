package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.endpoint.Origination;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DurableStateChanged;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.IdSource;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.routing.AcdRouting;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.supervision.Supervision;
import dev.switchboard.core.time.Timers;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;

/**
 * One voice environment's switch: the facade that owns its serialized executor. Every command runs on the switch's
 * {@link SwitchExecutor} as one {@link Change}: the command mutates the model, then the switch finishes the change in
 * a fixed order — derive the views of what it touched and emit their notifications, run the follow-ups it owes, offer
 * waiting calls — and hands the events to the {@link EventSink}, then tells the endpoints. A command completes with its
 * {@link Outcome}. Reads see immutable views the switch replaces after each change, so they never wait for it.
 *
 * <p>Who does what: {@link DeviceCommands} (sessions, agent states, features, monitoring requests),
 * {@link CallCommands} (GWS call operations), {@link LegReports} (what endpoints and customers report),
 * {@link CallMechanics} (joining, delivering, releasing), {@link CallViews} (views and notifications), and the rule
 * packages {@code routing} and {@code supervision}.
 */
public final class Switch {
    private final VoiceEnvironment environment;
    private final Directory directory;
    private final SwitchExecutor executor;
    private final Timers timers;
    private final EventSink events;
    private final SessionRegistry registry;
    private final Change change = new Change();
    private final Devices devices;
    private final CallTable calls = new CallTable();
    private final AcdRouting routing;
    private final Supervision supervision;
    private final CallViews views;
    private final DeviceCommands deviceCommands;
    private final CallCommands callCommands;
    private final LegReports reports;
    private final DeviceRestore restore;
    private final Clock clock;

    /** A switch on its own, with a session registry of its own. */
    public Switch(VoiceEnvironment environment, Directory directory, SwitchExecutor executor, Clock clock, Timers timers,
                  EventSink events) {
        this(environment, directory, executor, clock, timers, events, new SessionRegistry());
    }

    /** A switch of a contact center whose switches share {@code registry}, every leg virtual, random ids. */
    public Switch(VoiceEnvironment environment, Directory directory, SwitchExecutor executor, Clock clock, Timers timers,
                  EventSink events, SessionRegistry registry) {
        this(environment, directory, executor, clock, timers, events, registry, Endpoints.VIRTUAL, IdSource.random(System.nanoTime()));
    }

    /**
     * A switch whose legs are carried by {@code endpoints}, with ids from {@code ids}.
     *
     * @param clock  the switch's time (fake in tests)
     * @param timers where its timers run (they run on the switch thread)
     */
    public Switch(VoiceEnvironment environment, Directory directory, SwitchExecutor executor, Clock clock, Timers timers,
                  EventSink events, SessionRegistry registry, Endpoints endpoints, IdSource ids) {
        this.environment = environment;
        this.directory = directory;
        this.clock = clock;
        this.executor = executor;
        this.timers = timers;
        this.events = events;
        this.registry = registry;
        List<Dn> dns = new ArrayList<>();
        for (Dn dn : directory.dns()) {
            if (dn.environment().equals(environment.name()) && dn.type().isAgentDevice()) {
                dns.add(dn);
            }
        }
        this.devices = new Devices(dns, change, clock);
        CallMechanics mechanics = new CallMechanics(environment.name(), directory, devices, calls, change, clock, this::schedule, ids,
                endpoints);
        this.routing = new AcdRouting(directory, environment.name(), devices, mechanics, change, clock);
        this.supervision = new Supervision(directory, environment, devices, mechanics, change, clock);
        mechanics.use(routing, supervision);
        this.views = new CallViews(calls, change, clock, supervision, environment.monitoring().agentNotification());
        this.deviceCommands = new DeviceCommands(environment, directory, devices, registry, routing, supervision, views, clock,
                this::schedule);
        this.callCommands = new CallCommands(mechanics, views, routing, supervision, change, clock);
        this.reports = new LegReports(environment.name(), directory, devices, calls, mechanics, callCommands, routing, change, clock);
        this.restore = new DeviceRestore(directory, devices, deviceCommands, supervision, routing, clock);
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
        return Optional.ofNullable(devices.view(deviceId));
    }

    /** The place of the user's contact-center session on this switch, if any. */
    public Optional<String> sessionPlace(String userId) {
        return deviceCommands.sessionPlace(userId);
    }

    /**
     * The devices a user has: those of their session's place, or without a session those of their default place
     * that nobody else holds (GWS assigns a user's default devices to them when no session is running).
     */
    public List<DeviceView> devicesOf(User user) {
        String place = deviceCommands.sessionPlace(user.id()).orElse(null);
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
            DeviceView view = devices.view(dn.id());
            if (view != null && (view.userId() == null || view.userId().equals(user.id()))) {
                result.add(view);
            }
        }
        return result;
    }

    /** The calls on the user's devices now, as each device sees them. */
    public List<CallView> callsOf(User user) {
        List<CallView> result = new ArrayList<>();
        for (DeviceView device : devicesOf(user)) {
            if (user.id().equals(device.userId())) {
                result.addAll(views.callsOf(device.id()));
            }
        }
        return result;
    }

    /** A call as the switch sees it (kept for a while after it ended), or empty. */
    public Optional<CallSnapshot> call(String callId) {
        return Optional.ofNullable(calls.snapshot(callId));
    }

    /** The active monitoring subscriptions on this switch, by supervisor device id. */
    public Map<String, MonitoringView> subscriptions() {
        return supervision.subscriptions();
    }

    /** Every live call as the switch sees it, read on the switch thread: for invariant checks. */
    public CompletableFuture<List<CallSnapshot>> liveCalls() {
        return executor.submit(() -> calls.live().stream().map(CallViews::snapshotOf).toList());
    }

    // ---- device commands ----

    /**
     * Starts the user's contact-center session on {@code place}: assigns the place's devices to the user and logs
     * the agent in, NotReady, on the place's single device or its ACDPosition. Starting again on the same place
     * changes nothing.
     */
    public CompletableFuture<Outcome> startSession(User user, Place place) {
        return command(() -> deviceCommands.startSession(user, place));
    }

    /** Ends the user's session: their subscriptions end, the agent logs out, the place's devices are unassigned. */
    public CompletableFuture<Outcome> endSession(User user) {
        return command(() -> deviceCommands.endSession(user));
    }

    /**
     * Changes the agent state on the device the user is logged in on. AfterCallWork with a wrap-up time returns the
     * agent to Ready when it runs out, unless another state change came first.
     */
    public CompletableFuture<Outcome> changeAgentState(User user, AgentStateRequest request) {
        return command(() -> deviceCommands.changeAgentState(user, request));
    }

    /** Turns do-not-disturb on or off. */
    public CompletableFuture<Outcome> setDoNotDisturb(User user, String deviceId, boolean on) {
        return command(() -> deviceCommands.setDoNotDisturb(user, deviceId, on));
    }

    /** Forwards the device's calls to {@code destination}, or stops forwarding when it is {@code null}. */
    public CompletableFuture<Outcome> setForwarding(User user, String deviceId, String destination) {
        return command(() -> deviceCommands.setForwarding(user, deviceId, destination));
    }

    /**
     * Starts a supervisor's monitoring from their own device, on which they must be logged in. The switch applies the
     * whole {@link dev.switchboard.core.supervision.MonitoringPolicy}, whoever asks.
     */
    public CompletableFuture<Outcome> monitor(User supervisor, String deviceId, MonitoringRequest request) {
        return command(() -> deviceCommands.monitor(supervisor, deviceId, request));
    }

    /** Ends the supervisor's monitoring subscription and releases their monitoring leg. */
    public CompletableFuture<Outcome> cancelMonitoring(User supervisor, String deviceId) {
        return command(() -> deviceCommands.cancelMonitoring(supervisor, deviceId));
    }

    /**
     * Switches the supervisor's monitoring call, and their subscription with it, to {@code way}, keeping them on the
     * call (a Switchboard extension: GWS switches the call only, and never to Coach).
     */
    public CompletableFuture<Outcome> switchMonitoring(User supervisor, String callId, MonitoringType way) {
        return command(() -> deviceCommands.switchMonitoring(supervisor, callId, way));
    }

    // ---- restarts ----

    /**
     * Takes back the durable state a previous process recorded ({@link dev.switchboard.core.event.DurableStateChanged}):
     * before the switch takes any command. Each restored device is announced with {@link
     * dev.switchboard.core.event.DeviceChange#RESTORED}; no login, logout or agent-state change is made of it.
     */
    public CompletableFuture<Restored> restore(List<DeviceRecord> records) {
        return executor.submit(() -> {
            try {
                return restore.restore(records);
            } finally {
                finish();
            }
        });
    }

    /**
     * Tells the user their devices again as they are now (a {@link dev.switchboard.core.event.DeviceChange#RESTORED}
     * change of each device they hold): for a client that came back after a restart and knows nothing newer.
     */
    public CompletableFuture<Outcome> announce(User user) {
        return command(() -> {
            for (Device device : devices.all()) {
                if (user.id().equals(device.userId)) {
                    devices.changed(device, user.id(), DeviceChange.RESTORED);
                }
            }
            return Outcome.OK;
        });
    }

    // ---- call commands ----

    /** Places a call from one of the user's devices (GWS Dial). Accepted with the new call's id. */
    public CompletableFuture<Outcome> dial(User user, String deviceId, String destination, Map<String, Object> userData) {
        return dial(user, deviceId, destination, userData, null);
    }

    /** {@link #dial(User, String, String, Map)} whose later failure echoes {@code referenceId}. */
    public CompletableFuture<Outcome> dial(User user, String deviceId, String destination, Map<String, Object> userData,
                                           Object referenceId) {
        return command(() -> {
            Device device = devices.byId(deviceId);
            if (device == null || !user.id().equals(device.userId) && deviceCommands.ownDevice(user, deviceId) == null) {
                return Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found");
            }
            return callCommands.dial(user, device, destination, userData, referenceId);
        });
    }

    /**
     * Performs an operation on one of the user's calls. Refused with {@link Refusal#NOT_FOUND} when no device of the
     * user is in the call, and {@link Refusal#NOT_IN_CAPABILITIES} when the operation is not among the call's current
     * capabilities; a refused operation changes nothing.
     */
    public CompletableFuture<Outcome> callOperation(User user, String callId, CallRequest request) {
        return command(() -> {
            Device device = usersDeviceIn(user, callId);
            return device == null ? Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found")
                    : callCommands.perform(user, device, callId, request);
        });
    }

    /**
     * The user's device with a leg in the call, the first in device order if they have several: found through the
     * live call's parties, not by looking at every device on the switch for each Answer and Hangup; a call no longer
     * live is looked for on every device, as before.
     */
    private Device usersDeviceIn(User user, String callId) {
        Call call = calls.get(callId);
        if (call == null) {
            for (Device device : devices.all()) {
                if (user.id().equals(device.userId) && device.legOf(callId) != null) {
                    return device;
                }
            }
            return null;
        }
        Device found = null;
        for (Party party : call.parties) {
            Device device = party.device;
            if (device != null && device != found && user.id().equals(device.userId) && device.legOf(callId) != null
                    && (found == null || devices.all().indexOf(device) < devices.all().indexOf(found))) {
                found = device;
            }
        }
        return found;
    }

    // ---- customers: external numbers (the simulator's commands) ----

    /** A customer (an external number) calls {@code to}. Accepted with the new call's id. */
    public CompletableFuture<Outcome> customerCall(String from, String to, Map<String, Object> userData) {
        return command(() -> reports.customerCall(from, to, userData, null));
    }

    // ---- endpoints bringing calls and phones (see dev.switchboard.core.endpoint) ----

    /**
     * A caller from outside (a trunk's INVITE) calls {@code to} on the leg {@code origination} names. Accepted with
     * the new call's id; the endpoint is told {@link dev.switchboard.core.endpoint.Endpoint#connected} when it is
     * answered.
     */
    public CompletableFuture<Outcome> externalCall(String from, String to, Map<String, Object> userData, Origination origination) {
        return command(() -> reports.customerCall(from, to, userData, origination));
    }

    /** The phone of device {@code deviceNumber} calls {@code destination} on the leg {@code origination} names. */
    public CompletableFuture<Outcome> phoneCall(String deviceNumber, String destination, Origination origination) {
        return command(() -> reports.phoneCall(deviceNumber, destination, origination));
    }

    /** The phone of device {@code deviceNumber} registered ({@code true}) or went away: its {@code deviceState}. */
    public CompletableFuture<Outcome> phoneRegistration(String deviceNumber, boolean registered) {
        return command(() -> deviceCommands.phoneRegistration(deviceNumber, registered));
    }

    /** The customer {@code number} answers the call ringing at them. */
    public CompletableFuture<Outcome> customerAnswer(String callId, String number) {
        return command(() -> reports.customerAnswer(callId, number));
    }

    /** The customer {@code number} (or any customer, when {@code null}) hangs up. */
    public CompletableFuture<Outcome> customerHangup(String callId, String number) {
        return command(() -> reports.customerHangup(callId, number));
    }

    /** The customer {@code number} (or any customer, when {@code null}) sends DTMF digits. */
    public CompletableFuture<Outcome> customerDtmf(String callId, String number, String digits) {
        return command(() -> reports.customerDtmf(callId, number, digits));
    }

    // ---- endpoints reporting on their legs (see dev.switchboard.core.endpoint.Endpoint) ----

    /** The leg's far end rings. */
    public CompletableFuture<Outcome> legRinging(String legId) {
        return command(() -> reports.ringing(legId));
    }

    /** The leg's far end answered (or confirmed the answer the switch asked for). */
    public CompletableFuture<Outcome> legAnswered(String legId) {
        return command(() -> reports.answered(legId));
    }

    /** The leg's far end hung up. */
    public CompletableFuture<Outcome> legReleased(String legId, ReleaseCause cause) {
        return command(() -> reports.released(legId, cause));
    }

    /** The offer of the leg failed (busy, unreachable, rejected). */
    public CompletableFuture<Outcome> legFailed(String legId, ReleaseCause cause) {
        return command(() -> reports.failed(legId, cause));
    }

    /** The leg's phone confirmed the hold the switch asked for. */
    public CompletableFuture<Outcome> legHeld(String legId) {
        return command(() -> reports.held(legId));
    }

    /** The leg's phone confirmed the retrieve the switch asked for. */
    public CompletableFuture<Outcome> legRetrieved(String legId) {
        return command(() -> reports.retrieved(legId));
    }

    /** The leg's phone refused what the switch asked (answer, hold or retrieve). */
    public CompletableFuture<Outcome> legRefused(String legId, String reason) {
        return command(() -> reports.refused(legId, reason));
    }

    /** The leg's far end sent DTMF digits. */
    public CompletableFuture<Outcome> legDtmf(String legId, String digits) {
        return command(() -> reports.dtmf(legId, digits));
    }

    // ---- the change ----

    private CompletableFuture<Outcome> command(Supplier<Outcome> body) {
        return executor.submit(() -> {
            if (!events.hasRoom()) {
                return Outcome.refused(Refusal.UNAVAILABLE, "Voice service is not available at this time");
            }
            try {
                return body.get();
            } finally {
                finish();
            }
        });
    }

    /** Runs {@code task} on the switch thread after {@code delay}, as a change of its own. */
    private Timers.Timer schedule(Duration delay, Runnable task) {
        return timers.schedule(delay, () -> {
            executor.assertOnSwitchThread();
            try {
                task.run();
            } finally {
                finish();
            }
        });
    }

    /**
     * Finishes the change in progress, in its fixed order: derive the views of what it touched (emitting their
     * notifications), run the follow-ups it owes, until neither is left; offer waiting calls (which may touch calls
     * again); then hand the events off and tell the endpoints.
     */
    private void finish() {
        executor.assertOnSwitchThread();
        do {
            while (change.hasWork()) {
                views.publish();
                for (FollowUp followUp : change.takeFollowUps()) {
                    run(followUp);
                }
            }
            // The change may have freed an agent (a call ended, a call was transferred into a queue): offer the
            // waiting calls now, after the agent-state changes it caused (ring no answer, wrap-up).
            routing.dispatch();
        } while (change.hasWork());
        List<Device> recorded = change.takeRecorded();
        if (!recorded.isEmpty()) {
            List<DeviceRecord> records = new ArrayList<>(recorded.size());
            for (Device device : recorded) {
                records.add(device.record());
            }
            change.emit(new DurableStateChanged(clock.instant(), records));
        }
        change.handOff(events::publish);
        for (Runnable request : change.takeEndpointRequests()) {
            request.run();
        }
    }

    private void run(FollowUp followUp) {
        if (followUp instanceof FollowUp.OfferDeclined declined) {
            deviceCommands.offerDeclined(declined.agent());
        } else if (followUp instanceof FollowUp.WrapUpOwed owed) {
            deviceCommands.wrapUpOwed(owed.agent(), owed.wrapUp());
        } else if (followUp instanceof FollowUp.Failure failure) {
            change.emit(failure.failure());
        } else if (followUp instanceof FollowUp.MonitoringEnded ended) {
            devices.monitoringChanged(ended.supervisor());
        } else {
            throw new IllegalStateException("Unknown follow-up " + followUp);
        }
    }

    @Override
    public String toString() {
        return "Switch@" + Integer.toHexString(hashCode()) + "[" + environment.name() + ",devices=" + devices.size() + "]";
    }
}
