package dev.switchboard.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.DeviceView;
import dev.switchboard.core.telephony.Outcome;
import dev.switchboard.core.telephony.Outcome.Refusal;
import dev.switchboard.core.telephony.Switch;

/**
 * The contact center: the directory and one {@link Switch} per voice environment. It routes each user command to
 * the switch that owns the user's place or device. A user holds at most one contact-center session across all
 * switches; the claim is taken before the switch is asked, so two concurrent starts cannot both win.
 */
public final class ContactCenter {
    private final Directory directory;
    private final Map<String, Switch> switches;
    private final Map<String, String> sessionClaims = new ConcurrentHashMap<>();

    public ContactCenter(Directory directory, Collection<Switch> switches) {
        this.directory = directory;
        Map<String, Switch> byName = new LinkedHashMap<>();
        for (Switch s : switches) {
            byName.put(s.environment().name(), s);
        }
        this.switches = Map.copyOf(byName);
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
        String environment = sessionClaims.get(user.id());
        return environment == null ? Optional.empty() : switches.get(environment).sessionPlace(user.id());
    }

    /** Starts the user's contact-center session on {@code place} (see {@link Switch#startSession}). */
    public CompletableFuture<Outcome> startSession(User user, Place place) {
        Switch target = switches.get(place.environment());
        String claimed = sessionClaims.putIfAbsent(user.id(), place.environment());
        if (claimed != null && !claimed.equals(place.environment())) {
            String current = switches.get(claimed).sessionPlace(user.id()).orElse("another place");
            return CompletableFuture.completedFuture(
                    Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Contact center session already started on place " + current));
        }
        return target.startSession(user, place).thenApply(outcome -> {
            if (!outcome.isAccepted() && claimed == null) {
                sessionClaims.remove(user.id(), place.environment());
            }
            return outcome;
        });
    }

    /** Ends the user's contact-center session (see {@link Switch#endSession}). */
    public CompletableFuture<Outcome> endSession(User user) {
        String environment = sessionClaims.get(user.id());
        if (environment == null) {
            return CompletableFuture.completedFuture(
                    Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No contact center session is active"));
        }
        return switches.get(environment).endSession(user).thenApply(outcome -> {
            if (outcome.isAccepted()) {
                sessionClaims.remove(user.id(), environment);
            }
            return outcome;
        });
    }

    /** Changes the agent state of the user's session (see {@link Switch#changeAgentState}). */
    public CompletableFuture<Outcome> changeAgentState(User user, AgentStateRequest request) {
        String environment = sessionClaims.get(user.id());
        if (environment == null) {
            return CompletableFuture.completedFuture(Outcome.refused(Refusal.NOT_IN_CAPABILITIES,
                    "The agent is not logged in; start a contact center session first"));
        }
        return switches.get(environment).changeAgentState(user, request);
    }

    /** Turns do-not-disturb on or off on one of the user's devices. */
    public CompletableFuture<Outcome> setDoNotDisturb(User user, String deviceId, boolean on) {
        return onDeviceSwitch(deviceId, s -> s.setDoNotDisturb(user, deviceId, on));
    }

    /** Sets or clears ({@code destination == null}) call forwarding on one of the user's devices. */
    public CompletableFuture<Outcome> setForwarding(User user, String deviceId, String destination) {
        return onDeviceSwitch(deviceId, s -> s.setForwarding(user, deviceId, destination));
    }

    private CompletableFuture<Outcome> onDeviceSwitch(String deviceId,
                                                      java.util.function.Function<Switch, CompletableFuture<Outcome>> command) {
        return directory.dnById(deviceId)
                .map(dn -> command.apply(switches.get(dn.environment())))
                .orElseGet(() -> CompletableFuture.completedFuture(
                        Outcome.refused(Refusal.NOT_FOUND, "Device " + deviceId + " not found")));
    }
}
