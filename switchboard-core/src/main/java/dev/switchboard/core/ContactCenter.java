package dev.switchboard.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.telephony.Restored;
import dev.switchboard.core.telephony.SessionRegistry;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;

/**
 * The contact center: the directory and one {@link Switch} per voice environment. It routes each user command to
 * the switch that owns the user's place or device. A user holds at most one contact-center session across all
 * switches, kept by the {@link SessionRegistry} the switches share.
 */
public final class ContactCenter {
    private final Directory directory;
    private final Map<String, Switch> switches;
    private final SessionRegistry registry;

    public ContactCenter(Directory directory, Collection<Switch> switches) {
        this.directory = directory;
        Map<String, Switch> byName = new LinkedHashMap<>();
        for (Switch s : switches) {
            byName.put(s.environment().name(), s);
        }
        this.switches = Map.copyOf(byName);
        this.registry = switches.iterator().next().registry();
        for (Switch s : switches) {
            if (s.registry() != registry) {
                throw new IllegalArgumentException("The switches of a contact center must share one SessionRegistry");
            }
        }
    }

    public Directory directory() {
        return directory;
    }

    public Collection<Switch> switches() {
        return switches.values();
    }

    public Optional<Switch> switchNamed(String environment) {
        return Optional.ofNullable(switches.get(environment));
    }

    /** The device with this id on any switch. */
    public Optional<DeviceView> device(String deviceId) {
        return directory.dnById(deviceId).flatMap(dn -> switches.get(dn.environment()).device(deviceId));
    }

    /** The devices a user has now (see {@link Switch#devicesOf(User)}). */
    public List<DeviceView> devicesOf(User user) {
        List<DeviceView> result = new ArrayList<>();
        for (Switch s : switches.values()) {
            result.addAll(s.devicesOf(user));
        }
        return result;
    }

    /** The place of the user's running contact-center session, if any. */
    public Optional<String> sessionPlace(User user) {
        return registry.environmentOf(user.id()).flatMap(environment -> switches.get(environment).sessionPlace(user.id()));
    }

    /** Starts the user's contact-center session on {@code place} (see {@link Switch#startSession}). */
    public CompletableFuture<Outcome> startSession(User user, Place place) {
        Optional<String> holder = registry.environmentOf(user.id()).filter(environment -> !environment.equals(place.environment()));
        if (holder.isPresent()) {
            // The switch would refuse too (its claim is what is atomic); asking here lets the message name the place.
            String current = switches.get(holder.get()).sessionPlace(user.id()).orElse("another place");
            return CompletableFuture.completedFuture(
                    Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Contact center session already started on place " + current));
        }
        return switches.get(place.environment()).startSession(user, place);
    }

    /** Ends the user's contact-center session (see {@link Switch#endSession}). */
    public CompletableFuture<Outcome> endSession(User user) {
        return registry.environmentOf(user.id())
                .map(environment -> switches.get(environment).endSession(user))
                .orElseGet(() -> CompletableFuture.completedFuture(
                        Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No contact center session is active")));
    }

    /** Changes the agent state of the user's session (see {@link Switch#changeAgentState}). */
    public CompletableFuture<Outcome> changeAgentState(User user, AgentStateRequest request) {
        return registry.environmentOf(user.id())
                .map(environment -> switches.get(environment).changeAgentState(user, request))
                .orElseGet(() -> CompletableFuture.completedFuture(Outcome.refused(Refusal.NOT_IN_CAPABILITIES,
                        "The agent is not logged in; start a contact center session first")));
    }

    /** Turns do-not-disturb on or off on one of the user's devices. */
    public CompletableFuture<Outcome> setDoNotDisturb(User user, String deviceId, boolean on) {
        return onDeviceSwitch(deviceId, s -> s.setDoNotDisturb(user, deviceId, on));
    }

    /** Sets or clears ({@code destination == null}) call forwarding on one of the user's devices. */
    public CompletableFuture<Outcome> setForwarding(User user, String deviceId, String destination) {
        return onDeviceSwitch(deviceId, s -> s.setForwarding(user, deviceId, destination));
    }

    /** The calls on the user's devices, as each device sees them. */
    public List<CallView> callsOf(User user) {
        return registry.environmentOf(user.id()).map(environment -> switches.get(environment).callsOf(user)).orElse(List.of());
    }

    /** A call as the switch that holds it sees it. */
    public Optional<CallSnapshot> call(String callId) {
        for (Switch s : switches.values()) {
            Optional<CallSnapshot> call = s.call(callId);
            if (call.isPresent()) {
                return call;
            }
        }
        return Optional.empty();
    }

    /** Places a call from one of the user's devices (see {@link Switch#dial}). */
    public CompletableFuture<Outcome> dial(User user, String deviceId, String destination, Map<String, Object> userData) {
        return dial(user, deviceId, destination, userData, null);
    }

    /** {@link #dial(User, String, String, Map)} whose later failure echoes {@code referenceId}. */
    public CompletableFuture<Outcome> dial(User user, String deviceId, String destination, Map<String, Object> userData,
                                           Object referenceId) {
        return onDeviceSwitch(deviceId, s -> s.dial(user, deviceId, destination, userData, referenceId));
    }

    /** An operation on one of the user's calls (see {@link Switch#callOperation}). */
    public CompletableFuture<Outcome> callOperation(User user, String callId, CallRequest request) {
        return registry.environmentOf(user.id())
                .map(environment -> switches.get(environment).callOperation(user, callId, request))
                .orElseGet(() -> CompletableFuture.completedFuture(Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found")));
    }

    /**
     * Starts a supervisor's monitoring from one of their devices, on the switch that owns that device (see
     * {@link Switch#monitor}). The target number is looked up on that switch: a supervisor monitors devices, routing
     * points and queues of their own voice environment. Authorization is the caller's.
     */
    public CompletableFuture<Outcome> monitor(User supervisor, String deviceId, MonitoringRequest request) {
        return onDeviceSwitch(deviceId, s -> s.monitor(supervisor, deviceId, request));
    }

    /** Ends the monitoring subscription of one of the supervisor's devices (see {@link Switch#cancelMonitoring}). */
    public CompletableFuture<Outcome> cancelMonitoring(User supervisor, String deviceId) {
        return onDeviceSwitch(deviceId, s -> s.cancelMonitoring(supervisor, deviceId));
    }

    /** Switches the supervisor's monitoring call and subscription to {@code way} (see {@link Switch#switchMonitoring}). */
    public CompletableFuture<Outcome> switchMonitoring(User supervisor, String callId, MonitoringType way) {
        return registry.environmentOf(supervisor.id())
                .map(environment -> switches.get(environment).switchMonitoring(supervisor, callId, way))
                .orElseGet(() -> CompletableFuture.completedFuture(Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found")));
    }

    /**
     * What {@link MonitoringPolicy} says of a supervisor's request on the devices as published now (the switch that
     * applies the request checks it again on its own state). Empty when allowed.
     */
    public Optional<MonitoringPolicy.Denial> checkMonitoring(MonitoringPolicy.Ask ask) {
        Switch owner = switches.get(ask.supervisorDevice().dn().environment());
        return MonitoringPolicy.check(directory, owner.environment(), ask);
    }

    /** The active monitoring subscriptions of every switch, by supervisor device id. */
    public Map<String, MonitoringView> subscriptions() {
        Map<String, MonitoringView> result = new LinkedHashMap<>();
        for (Switch s : switches.values()) {
            result.putAll(s.subscriptions());
        }
        return result;
    }

    /**
     * Takes back the durable state a previous process recorded, each record on the switch of its device (see
     * {@link Switch#restore}); records of devices no longer configured are dropped.
     */
    public CompletableFuture<Restored> restore(List<DeviceRecord> records) {
        Map<String, List<DeviceRecord>> bySwitch = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        for (DeviceRecord record : records) {
            Optional<String> environment = directory.dnById(record.deviceId()).map(dn -> dn.environment())
                    .filter(switches::containsKey);
            if (environment.isPresent()) {
                bySwitch.computeIfAbsent(environment.get(), e -> new ArrayList<>()).add(record);
            } else {
                dropped.add("device " + record.deviceId() + ": no longer configured");
            }
        }
        CompletableFuture<Restored> result = CompletableFuture.completedFuture(new Restored(List.of(), 0, dropped));
        for (Map.Entry<String, List<DeviceRecord>> entry : bySwitch.entrySet()) {
            result = result.thenCombine(switches.get(entry.getKey()).restore(entry.getValue()), ContactCenter::both);
        }
        return result;
    }

    private static Restored both(Restored a, Restored b) {
        List<String> users = new ArrayList<>(a.sessionUserIds());
        users.addAll(b.sessionUserIds());
        List<String> dropped = new ArrayList<>(a.dropped());
        dropped.addAll(b.dropped());
        return new Restored(users, a.subscriptions() + b.subscriptions(), dropped);
    }

    /** The users who hold a contact-center session now. */
    public java.util.Set<String> sessionUserIds() {
        return registry.userIds();
    }

    /** Tells the user their devices again as they are now (see {@link Switch#announce}); nothing without a session. */
    public CompletableFuture<Outcome> announce(User user) {
        return registry.environmentOf(user.id())
                .map(environment -> switches.get(environment).announce(user))
                .orElseGet(() -> CompletableFuture.completedFuture(Outcome.OK));
    }

    private CompletableFuture<Outcome> onDeviceSwitch(String deviceId,
                                                      java.util.function.Function<Switch, CompletableFuture<Outcome>> command) {
        return directory.dnById(deviceId)
                .map(dn -> command.apply(switches.get(dn.environment())))
                .orElseGet(() -> CompletableFuture.completedFuture(
                        Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found")));
    }
}
