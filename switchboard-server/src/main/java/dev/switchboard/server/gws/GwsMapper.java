package dev.switchboard.server.gws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.time.Clock;
import java.time.Duration;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.telephony.DeviceOperation;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringView;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.settings.AgentStates;
import dev.switchboard.server.settings.ContactCenterSettings;
import dev.switchboard.server.settings.Skills;

/**
 * Produces every GWS JSON shape, for REST replies and CometD messages alike, so that a device in a GET reply and in
 * a {@code DeviceStateChangeMessage} are the same object, as GWS documents.
 */
public final class GwsMapper {
    /** The subresources of a user that {@code subresources=*} expands to. */
    public static final List<String> USER_SUBRESOURCES = List.of("devices", "calls", "features", "settings", "channels", "skills");

    private final Directory directory;
    private final Urls urls;
    private final String contactCenterId;
    private final boolean participantsAsStrings;
    private final Clock clock;
    private final ContactCenterSettings settings;

    /**
     * @param participantsAsStrings whether calls carry the 8.5.1 participants form (strings plus
     *                              {@code participantsInfo}) instead of 8.5.2's objects
     */
    public GwsMapper(Directory directory, Urls urls, String contactCenterId, boolean participantsAsStrings, Clock clock) {
        this(directory, urls, contactCenterId, participantsAsStrings, clock, ContactCenterSettings.defaults());
    }

    /** A mapper that shows configured agent states (reasons) and settings sections from {@code settings}. */
    public GwsMapper(Directory directory, Urls urls, String contactCenterId, boolean participantsAsStrings, Clock clock,
                     ContactCenterSettings settings) {
        this.settings = settings;
        this.directory = directory;
        this.urls = urls;
        this.contactCenterId = contactCenterId;
        this.participantsAsStrings = participantsAsStrings;
        this.clock = clock;
    }

    public Urls urls() {
        return urls;
    }

    /**
     * A device resource. Capabilities are those of the user the device belongs to now (assigned by a session), or
     * of {@code viewer} when it belongs to nobody.
     */
    public Map<String, Object> device(DeviceView device, User viewer) {
        User owner = device.userId() == null ? viewer : directory.userById(device.userId()).orElse(viewer);
        Map<String, Object> json = Json.object();
        json.put("id", device.id());
        json.put("deviceState", device.phone().deviceState());
        json.put("userState", userState(device));
        json.put("phoneNumber", device.number());
        // As a real GWS server shows a private DN: no description, no E.164 number, no dynamic number.
        json.put("description", "");
        json.put("e164Number", "");
        json.put("telephonyNetwork", "Private");
        json.put("dynamicPhoneNumber", "");
        json.put("channels", List.of("voice"));
        json.put("doNotDisturb", device.doNotDisturb() ? "On" : "Off");
        if (device.forwardTo() != null) {
            json.put("forwardTo", device.forwardTo());
        }
        directory.environmentByName(device.dn().environment())
                .ifPresent(environment -> json.put("voiceEnvironmentUri", urls.voiceEnvironment(environment.id())));
        List<String> capabilities = new ArrayList<>();
        for (DeviceOperation operation : DeviceOperation.capabilitiesOf(device, owner)) {
            capabilities.add(operation.wireName());
        }
        json.put("capabilities", capabilities);
        if (device.monitoring() != null) {
            json.put("supervisorMonitoringState", supervisorMonitoringState(device.monitoring()));
        }
        return json;
    }

    /**
     * A device's {@code supervisorMonitoringState}: {@code state}, {@code mode}, {@code scope}, {@code targetDeviceUri}
     * (absent for a routing point or queue, which has no device), {@code phoneNumber} (the monitored number) and
     * {@code switchName} (its voice environment), as the GWS ListenIn reference page shows it.
     */
    public Map<String, Object> supervisorMonitoringState(MonitoringView monitoring) {
        Map<String, Object> json = Json.object();
        json.put("state", monitoring.type().wireName());
        json.put("mode", monitoring.mode().wireName());
        json.put("scope", monitoring.scope().wireName());
        if (monitoring.targetDeviceId() != null) {
            json.put("targetDeviceUri", urls.device(monitoring.targetDeviceId()));
        }
        json.put("phoneNumber", monitoring.targetNumber());
        json.put("switchName", monitoring.switchName());
        return json;
    }

    /**
     * The {@code userState} of a device, with the fixed ids GWS gives the system agent states; a state with a reason
     * shows the configured state's id and name, and the reason.
     */
    public Map<String, Object> userState(DeviceView device) {
        if (device.reason() != null) {
            AgentStates.State configured = settings.agentStates().byReason(device.reason()).orElse(null);
            if (configured != null) {
                Map<String, Object> json = Json.object();
                json.put("id", configured.id());
                json.put("displayName", configured.displayName());
                json.put("state", configured.state());
                if (configured.workMode() != null) {
                    json.put("workMode", configured.workMode());
                }
                json.put("reason", device.reason());
                return json;
            }
        }
        Map<String, Object> json = Json.object();
        AgentState state = device.agentState();
        switch (state) {
            case READY -> {
                json.put("id", "9430250E-0A1B-421F-B372-F29E69366DED");
                json.put("displayName", "Ready");
                json.put("state", "Ready");
                if (device.readyWorkMode() != null) {
                    json.put("workMode", device.readyWorkMode().wireName());
                }
            }
            case NOT_READY -> {
                json.put("id", "900D55CC-2BB0-431F-8BF9-D3525B383BE6");
                json.put("displayName", "Not Ready");
                json.put("state", "NotReady");
            }
            case AFTER_CALL_WORK -> {
                json.put("id", "D3663509-3D82-4DD3-A82E-2EA8EFA02AEF");
                json.put("displayName", "AfterCallWork");
                json.put("state", "NotReady");
                json.put("workMode", "AfterCallWork");
            }
            case AUX_WORK -> {
                json.put("id", "2B36138D-C564-4562-A8CB-3C32D564F296");
                json.put("displayName", "AuxWork");
                json.put("state", "NotReady");
                json.put("workMode", "AuxWork");
            }
            case LOGGED_OUT -> {
                // The reference pages document no logged-out userState; this is what a real GWS 8.5.2 server sends.
                json.put("id", "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB");
                json.put("displayName", "Offline");
                json.put("state", "LoggedOut");
            }
            default -> throw new IllegalStateException("Unknown agent state " + state);
        }
        return json;
    }

    /**
     * A user resource with the subresources asked for ({@code *} for all of {@link #USER_SUBRESOURCES}; unknown
     * names are ignored, as clients ask for multimedia ones Switchboard does not serve).
     */
    public Map<String, Object> user(User user, Set<String> subresources, List<DeviceView> devices, List<CallView> calls) {
        Map<String, Object> json = Json.object();
        json.put("id", user.id());
        json.put("userName", user.userName());
        if (user.firstName() != null) {
            json.put("firstName", user.firstName());
        }
        if (user.lastName() != null) {
            json.put("lastName", user.lastName());
        }
        if (user.emailAddress() != null) {
            json.put("emailAddress", user.emailAddress());
        }
        List<String> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            if (user.hasRole(role)) {
                roles.add(role.wireName());
            }
        }
        json.put("roles", roles);
        json.put("enabled", true);
        json.put("changePasswordOnFirstLogin", false);
        json.put("contactCenterId", contactCenterId);
        json.put("uri", urls.user(user.id()));
        json.put("path", "/users/" + user.id());
        boolean all = subresources.contains("*");
        if (all || subresources.contains("devices")) {
            List<Object> list = new ArrayList<>();
            for (DeviceView device : devices) {
                list.add(device(device, user));
            }
            json.put("devices", list);
        }
        if (all || subresources.contains("calls")) {
            List<Object> list = new ArrayList<>();
            for (CallView call : calls) {
                list.add(call(call, user));
            }
            json.put("calls", list);
        }
        if (all || subresources.contains("features")) {
            List<Object> features = new ArrayList<>();
            for (String feature : user.features()) {
                features.add(feature(feature));
            }
            json.put("features", features);
        }
        if (all || subresources.contains("settings")) {
            json.put("settings", settings.sections());
        }
        if (all || subresources.contains("skills")) {
            List<Object> skills = new ArrayList<>();
            settings.skills().of(user.userName()).forEach(skill -> skills.add(skill(skill)));
            json.put("skills", skills);
        }
        List<Object> channels = all || subresources.contains("channels") ? channels(user, devices) : List.of();
        if (!channels.isEmpty()) {
            // A real server lists each channel the user is logged in on, twice (channels and channelStates), and
            // leaves both out while the user is logged in on none.
            json.put("channels", channels);
            json.put("channelStates", channels);
        }
        return json;
    }

    /** The channels the user is logged in on, each {@code {channel, userState}}: voice, on their login device. */
    public List<Object> channels(User user, List<DeviceView> devices) {
        List<Object> channels = new ArrayList<>();
        for (DeviceView device : devices) {
            if (user.id().equals(device.userId()) && device.agentState().isLoggedIn()) {
                Map<String, Object> channel = Json.object();
                channel.put("channel", "voice");
                channel.put("userState", userState(device));
                channels.add(channel);
                break;
            }
        }
        return channels;
    }

    /** A skill: {@code id}, {@code name}, and for a user's skill its {@code level}; {@code uri} and {@code path}. */
    public Map<String, Object> skill(Skills.Skill skill) {
        Map<String, Object> json = Json.object();
        json.put("id", skill.id());
        json.put("name", skill.name());
        if (skill.level() > 0) {
            json.put("level", skill.level());
        }
        json.put("uri", urls.api() + "/skills/" + skill.id());
        json.put("path", "/skills/" + skill.id());
        return json;
    }

    /** The configured skills (users' skills, routing does not use them yet). */
    public Skills skills() {
        return settings.skills();
    }

    /** A feature as a real GWS server lists it in {@code features}. */
    public Map<String, Object> feature(String id) {
        Map<String, Object> json = Json.object();
        json.put("id", id);
        json.put("displayName", Features.displayName(id));
        json.put("description", Features.description(id));
        json.put("autoAssignOnContactCenterCreate", true);
        json.put("uri", urls.api() + "/features/" + id);
        json.put("path", "/features/" + id);
        return json;
    }

    /**
     * A call resource as one device sees it, with the capabilities {@code user} has on it. {@code userData} is left
     * out when empty, as GWS does; {@code duration} is the whole seconds since the call began, as a string.
     */
    public Map<String, Object> call(CallView call, User user) {
        Map<String, Object> json = Json.object();
        json.put("id", call.id());
        json.put("state", call.state().wireName());
        json.put("callUuid", call.id());
        json.put("connId", call.connId());
        json.put("deviceUri", urls.device(call.deviceId()));
        if (participantsAsStrings) {
            List<Object> numbers = new ArrayList<>();
            List<Object> info = new ArrayList<>();
            for (String number : call.participants()) {
                numbers.add(number);
                Map<String, Object> participant = Json.object();
                participant.put("digits", number);
                participant.put("e164Number", number);
                participant.put("formattedPhoneNumber", number);
                info.add(participant);
            }
            json.put("participants", numbers);
            json.put("participantsInfo", info);
        } else {
            List<Object> participants = new ArrayList<>();
            for (String number : call.participants()) {
                Map<String, Object> participant = Json.object();
                participant.put("e164Number", "");
                participant.put("formattedPhoneNumber", number);
                participant.put("phoneNumber", number);
                participant.put("digits", number);
                participants.add(participant);
            }
            json.put("participants", participants);
        }
        json.put("ani", call.ani());
        json.put("dnis", call.dnis());
        json.put("callType", call.callType().wireName());
        List<String> capabilities = new ArrayList<>();
        for (CallOperation operation : CallOperation.capabilitiesOf(call, user)) {
            capabilities.add(operation.wireName());
        }
        json.put("capabilities", capabilities);
        if (!call.userData().isEmpty()) {
            json.put("userData", call.userData());
        }
        long seconds = Math.max(0, Duration.between(call.created(), clock.instant()).getSeconds());
        json.put("duration", Long.toString(seconds));
        json.put("mute", call.muted() ? "On" : "Off");
        json.put("recordingState", call.recordingState().wireName());
        json.put("supervisorListeningIn", call.supervisorListeningIn());
        json.put("monitoredUserMuted", call.monitoredUserMuted());
        // True on a supervisor's monitoring leg: GWS documents the flag without saying (docs/compatibility.md).
        json.put("monitoring", call.monitoring() != null);
        json.put("uri", urls.call(call.id()));
        json.put("path", "/calls/" + call.id());
        // The cases (outbound contact records) a call belongs to: Switchboard has none.
        json.put("case", List.of());
        if (call.parentCallId() != null) {
            json.put("parentCallUri", urls.call(call.parentCallId()));
            json.put("parentCallPath", "/calls/" + call.parentCallId());
        }
        return json;
    }

    /** The data of a {@code CallStateChangeMessage}. */
    public Map<String, Object> callStateChangeMessage(CallStateChanged changed, User owner) {
        Map<String, Object> data = Json.object();
        data.put("messageType", "CallStateChangeMessage");
        data.put("notificationType", changed.notification().wireName());
        data.put("call", call(changed.call(), owner));
        data.put("phoneNumber", changed.call().phoneNumber());
        if (changed.digits() != null) {
            data.put("digits", changed.digits());
        }
        if (changed.notification() == CallNotification.STATUS_CHANGE) {
            data.put("extensions", extensions(changed.call()));
        }
        return data;
    }

    /**
     * The T-Server extensions a real GWS server puts beside {@code call} on a {@code StatusChange}, with what the switch
     * knows: {@code BusinessCall}; while a queue's offer rings, its ring-no-answer and what follows it (the agent goes
     * NotReady, the call goes back to the queue); while a call rings, where it came from; the wrap-up the agent owes.
     */
    Map<String, Object> extensions(CallView call) {
        Map<String, Object> extensions = Json.object();
        if (call.state() == PartyState.RINGING) {
            if (call.ringNoAnswerSeconds() != null) {
                extensions.put("NO_ANSWER_ACTION", "notready");
                extensions.put("NO_ANSWER_TIMEOUT", call.ringNoAnswerSeconds());
                extensions.put("NO_ANSWER_OVERFLOW", "recall");
            }
            extensions.put("OriginationDN", call.ani());
            directory.dnById(call.deviceId()).ifPresent(dn -> extensions.put("OriginationDN_location", dn.environment()));
        }
        extensions.put("BusinessCall", 1);
        if (call.state() != PartyState.RINGING && call.state() != PartyState.DIALING) {
            extensions.put("WrapUpTime", call.wrapUpSeconds());
        }
        return extensions;
    }

    /** The data of an {@code ErrorMessage} for a call operation that failed after it was accepted. */
    public Map<String, Object> errorMessage(CallFailed failed) {
        Map<String, Object> data = Json.object();
        data.put("messageType", "ErrorMessage");
        data.put("errorCode", failed.errorCode());
        data.put("errorMessage", failed.errorMessage());
        data.put("callUri", urls.call(failed.callId()));
        data.put("callPath", "/calls/" + failed.callId());
        if (failed.referenceId() != null) {
            data.put("referenceId", failed.referenceId());
        }
        return data;
    }

    /**
     * A queue resource: {@code id}, {@code name} (its number), {@code channel} ({@code voice}), {@code phoneNumber},
     * the agent group it distributes to, its voice environment, {@code uri} and {@code path}.
     */
    public Map<String, Object> queue(Dn queue) {
        Map<String, Object> json = Json.object();
        json.put("id", queue.id());
        json.put("name", queue.number());
        json.put("channel", "voice");
        json.put("phoneNumber", queue.number());
        if (queue.agentGroup() != null) {
            json.put("agentGroup", queue.agentGroup());
        }
        directory.environmentByName(queue.environment())
                .ifPresent(environment -> json.put("voiceEnvironmentUri", urls.voiceEnvironment(environment.id())));
        json.put("uri", urls.api() + "/queues/" + queue.id());
        json.put("path", "/queues/" + queue.id());
        return json;
    }

    /** A voice environment resource. */
    public Map<String, Object> voiceEnvironment(VoiceEnvironment environment) {
        Map<String, Object> json = Json.object();
        json.put("id", environment.id());
        json.put("name", environment.name());
        json.put("type", environment.type().configName());
        json.put("uri", urls.voiceEnvironment(environment.id()));
        json.put("path", "/voice-environments/" + environment.id());
        return json;
    }

    /** The data of a {@code DeviceStateChangeMessage} for one device. */
    public Map<String, Object> deviceStateChangeMessage(DeviceView device, User owner) {
        Map<String, Object> data = Json.object();
        data.put("messageType", "DeviceStateChangeMessage");
        data.put("devices", List.of(device(device, owner)));
        return data;
    }

    /**
     * A GWS collection reply: without {@code fields}, {@code {"uris":[…]}}; with them, {@code {"<name>":[…objects…]}}
     * with each object cut to the fields asked for.
     */
    public static <T> Map<String, Object> collection(String name, List<T> items, Set<String> fields,
                                                     java.util.function.Function<T, String> uri,
                                                     java.util.function.Function<T, Map<String, Object>> object) {
        List<Object> list = new ArrayList<>();
        for (T item : items) {
            list.add(fields.isEmpty() ? uri.apply(item) : select(object.apply(item), fields));
        }
        return Map.of(fields.isEmpty() ? "uris" : name, list);
    }

    /** The object with only the {@code fields} asked for; all of it for none or {@code *}. */
    public static Map<String, Object> select(Map<String, Object> object, Set<String> fields) {
        if (fields.isEmpty() || fields.contains("*")) {
            return object;
        }
        Map<String, Object> selected = Json.object();
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            if (fields.contains(entry.getKey())) {
                selected.put(entry.getKey(), entry.getValue());
            }
        }
        return selected;
    }
}
