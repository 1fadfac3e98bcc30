package dev.switchboard.server.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.server.durable.Acknowledgements;
import dev.switchboard.server.gws.GwsMapper;
import dev.switchboard.server.gws.Urls;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.http.StatusCodes;
import dev.switchboard.server.settings.AgentStates;
import jakarta.servlet.http.HttpSession;

/**
 * The user's own resources: {@code /me}, {@code /me/devices}, {@code /me/channels/voice}. Each POST parses the GWS
 * operation into a command, lets the switch apply it and answers {@code {"statusCode":0}}; what changed arrives on
 * CometD.
 *
 * <p>Supervisor monitoring ({@code ListenIn}, {@code Coach}, {@code BargeIn}, {@code CancelSupervisorMonitoring} on
 * the supervisor's own device) is authorized here (docs/compatibility.md) and audited: a request that passes the checks is
 * appended to the {@link MonitoringAudit} as {@code REQUEST} before the switch acts on it, and so before the reply;
 * every refusal after the parameters were read, by this class or by the switch, is appended as {@code DENIAL} with the
 * statusMessage.
 */
public final class MeApi {
    /** The longest wrap-up a client may ask for: one day. */
    static final long MAX_WRAP_UP_SECONDS = 86_400;

    private static final Logger LOG = LoggerFactory.getLogger(MeApi.class);
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9]{1,20}");
    private final ContactCenter contactCenter;
    private final GwsMapper mapper;
    private final MonitoringAudit audit;
    private final Clock clock;
    private final AgentStates agentStates;
    private final Acknowledgements acknowledgements;

    /** With the system agent states only (no reasons). */
    public MeApi(ContactCenter contactCenter, GwsMapper mapper, MonitoringAudit audit, Clock clock) {
        this(contactCenter, mapper, audit, clock, AgentStates.systemOnly());
    }

    /**
     * @param audit       where monitoring requests and denials are appended; {@link MonitoringAudit#append} must return
     *                    only once the entry is durable
     * @param clock       the time of audit records
     * @param agentStates the configured agent states, whose reasons NotReady, AuxWork and AfterCallWork may carry
     */
    public MeApi(ContactCenter contactCenter, GwsMapper mapper, MonitoringAudit audit, Clock clock, AgentStates agentStates) {
        this(contactCenter, mapper, audit, clock, agentStates, Acknowledgements.NONE);
    }

    /**
     * @param acknowledgements what a reply waits for after the switch applied a session, agent-state, feature or
     *                         monitoring change: that it is durable
     */
    public MeApi(ContactCenter contactCenter, GwsMapper mapper, MonitoringAudit audit, Clock clock, AgentStates agentStates,
                 Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
        this.agentStates = agentStates;
        this.contactCenter = contactCenter;
        this.mapper = mapper;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("me", this::getMe)
                .post("me", this::postMe)
                .get("me/devices", this::getDevices)
                .get("me/devices/{id}", this::getDevice)
                .post("me/devices/{id}", this::postDevice)
                .post("me/channels/voice", this::postVoiceChannel)
                .get("me/channels", this::getChannels);
    }

    private Map<String, Object> getMe(ApiRequest request) {
        User user = request.user();
        Map<String, Object> json = mapper.user(user, request.subresources(), contactCenter.devicesOf(user), contactCenter.callsOf(user));
        return Map.of("user", GwsMapper.select(json, request.fields()));
    }

    private Map<String, Object> postMe(ApiRequest request) {
        String operation = request.operationName();
        switch (operation) {
            case "StartContactCenterSession" -> {
                return startSession(request);
            }
            case "EndContactCenterSession" -> endSession(request);
            // The user-level agent state real clients send (docs/compatibility.md): every channel the user is logged in on,
            // which for Switchboard is voice, with the voice channel's parameters and notifications.
            case "Ready", "NotReady" -> postVoiceChannel(request);
            default -> throw unknownOperation(operation);
        }
        return Map.of();
    }

    /**
     * Starts the contact-center session on the voice channel. Channels Switchboard does not serve (chat, email, …) do
     * not stop voice: the reply is then statusCode 7 with each channel in {@code succeeded} or {@code failed}, as a
     * real GWS server answers Workspace Web Edition (docs/compatibility.md). A request without voice is refused.
     */
    private Map<String, Object> startSession(ApiRequest request) {
        User user = request.user();
        JsonNode channels = request.requiredArray("channels");
        if (channels.isEmpty()) {
            throw GwsException.invalid("Parameter 'channels' must name at least one channel");
        }
        List<String> others = new ArrayList<>();
        boolean voice = false;
        for (JsonNode channel : channels) {
            if (!channel.isTextual()) {
                throw GwsException.invalid("Parameter 'channels' must be an array of strings");
            }
            if (channel.textValue().equals("voice")) {
                voice = true;
            } else if (!others.contains(channel.textValue())) {
                others.add(channel.textValue());
            }
        }
        if (!voice) {
            throw GwsException.invalid("Parameter 'channels' names no channel Switchboard serves: " + others
                    + "; Switchboard serves 'voice'");
        }
        String placeName = request.optionalString("place").orElse(null);
        requireAgent(user);
        if (placeName == null) {
            placeName = user.defaultPlace();
            if (placeName == null) {
                throw GwsException.missing("place");
            }
        }
        String name = placeName;
        Place place = contactCenter.directory().placeByName(name)
                .orElseThrow(() -> GwsException.notFound("Place '" + name + "' not found"));
        acknowledged(contactCenter.startSession(user, place), Acknowledgements.Kind.SESSION);
        if (others.isEmpty()) {
            return Map.of();
        }
        List<Object> failed = new ArrayList<>();
        for (String channel : others) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("statusCode", StatusCodes.INTERNAL_ERROR);
            entry.put("statusMessage", "Channel '" + channel + "' is not served by Switchboard");
            entry.put("channel", channel);
            failed.add(entry);
        }
        Map<String, Object> succeeded = new LinkedHashMap<>();
        succeeded.put("statusCode", StatusCodes.OK);
        succeeded.put("channel", "voice");
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("statusCode", StatusCodes.PARTIAL_SUCCESS);
        reply.put("failed", failed);
        reply.put("succeeded", List.of(succeeded));
        return reply;
    }

    private void endSession(ApiRequest request) {
        requireAgent(request.user());
        acknowledged(contactCenter.endSession(request.user()), Acknowledgements.Kind.SESSION);
        HttpSession session = request.http().getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // Another request ended it first; the contact-center session is over either way.
            }
        }
    }

    /** The channels the user is logged in on, with their state (voice, while a contact-center session runs). */
    private Map<String, Object> getChannels(ApiRequest request) {
        return Map.of("channels", mapper.channels(request.user(), contactCenter.devicesOf(request.user())));
    }

    private Map<String, Object> getDevices(ApiRequest request) {
        return GwsMapper.collection("devices", contactCenter.devicesOf(request.user()), request.fields(),
                device -> mapper.urls().device(device.id()), device -> mapper.device(device, request.user()));
    }

    private Map<String, Object> getDevice(ApiRequest request) {
        DeviceView device = ownDevice(request);
        return Map.of("device", GwsMapper.select(mapper.device(device, request.user()), request.fields()));
    }

    private DeviceView ownDevice(ApiRequest request) {
        String id = request.path("id");
        for (DeviceView device : contactCenter.devicesOf(request.user())) {
            if (device.id().equals(id)) {
                return device;
            }
        }
        throw GwsException.notFound("Device '" + id + "' not found among your devices");
    }

    private Map<String, Object> postDevice(ApiRequest request) {
        User user = request.user();
        DeviceView device = ownDevice(request);
        String operation = request.operationName();
        switch (operation) {
            case "DoNotDisturbOn" -> {
                requireVoice(user);
                acknowledged(contactCenter.setDoNotDisturb(user, device.id(), true), Acknowledgements.Kind.FEATURE);
            }
            case "DoNotDisturbOff" -> {
                requireVoice(user);
                acknowledged(contactCenter.setDoNotDisturb(user, device.id(), false), Acknowledgements.Kind.FEATURE);
            }
            case "ForwardCallsOn" -> {
                String destination = request.requiredString("destination");
                if (!destination.matches("\\+?[0-9]{1,20}")) {
                    throw GwsException.invalid("Parameter 'destination' must be a phone number (digits), not '" + destination + "'");
                }
                requireVoice(user);
                acknowledged(contactCenter.setForwarding(user, device.id(), destination), Acknowledgements.Kind.FEATURE);
            }
            case "ForwardCallsOff" -> {
                requireVoice(user);
                acknowledged(contactCenter.setForwarding(user, device.id(), null), Acknowledgements.Kind.FEATURE);
            }
            case "ListenIn" -> monitor(request, device, MonitoringType.LISTEN_IN);
            case "Coach" -> monitor(request, device, MonitoringType.COACH);
            case "BargeIn" -> monitor(request, device, MonitoringType.BARGE_IN);
            case "CancelSupervisorMonitoring" -> cancelMonitoring(request, device);
            default -> throw unknownOperation(operation);
        }
        return Map.of();
    }

    // ---- supervisor monitoring ----

    /** What a monitoring request names: a number of the supervisor's switch, and its device when it is one. */
    private record Target(Dn dn, DeviceView device) {
        String number() {
            return dn.number();
        }
    }

    /**
     * {@code ListenIn}, {@code Coach} or {@code BargeIn}: reads the parameters (statusCode 1 or 2, not audited), then
     * checks role and feature (5), resolves the target (6, or 2 when the two parameters disagree), refuses the
     * supervisor's own device (2) and a target outside the supervisor's groups (5), audits the request and lets the
     * switch apply it (it refuses with 3 a device another supervisor monitors or a supervisor without a session).
     */
    private void monitor(ApiRequest request, DeviceView device, MonitoringType type) {
        User user = request.user();
        String uri = request.optionalString("targetDeviceUri").orElse(null);
        String number = request.optionalString("phoneNumber").orElse(null);
        MonitoringScope scope = scope(request);
        MonitoringMode mode = mode(request);
        if (uri == null && number == null) {
            throw new GwsException(StatusCodes.PARAMETER_MISSING, "Missing required parameter 'targetDeviceUri' or 'phoneNumber'");
        }
        String uriDeviceId = null;
        if (uri != null) {
            uriDeviceId = Urls.deviceIdOf(uri);
            if (uriDeviceId == null) {
                throw GwsException.invalid("Parameter 'targetDeviceUri' must be a device URI (…/api/v2/devices/{id}), not '" + uri + "'");
            }
        }
        if (number != null && !PHONE_NUMBER.matcher(number).matches()) {
            throw GwsException.invalid("Parameter 'phoneNumber' must be a phone number (digits), not '" + number + "'");
        }
        String named = number != null ? number : uri;
        Target target = null;
        Acknowledgements.Pending pending;
        try {
            requireMonitoring(user);
            target = resolveTarget(device, uriDeviceId, number);
            authorize(user, device, target, type, scope);
            MonitoringRequest monitoring = new MonitoringRequest(type, scope, mode, target.number());
            requested(user, target.number(), type.wireName() + " scope=" + scope.wireName() + " mode=" + mode.wireName());
            pending = acknowledgements.pending(contactCenter.monitor(user, device.id(), monitoring), Acknowledgements.Kind.MONITORING);
            Commands.await(pending);
        } catch (GwsException refused) {
            denied(user, target == null ? named : target.number(), refused);
            throw refused;
        }
        pending.confirm();
    }

    /** {@code CancelSupervisorMonitoring}: role and feature (5), then the switch (3 when nothing is monitored). */
    private void cancelMonitoring(ApiRequest request, DeviceView device) {
        User user = request.user();
        String target = device.monitoring() == null ? null : device.monitoring().targetNumber();
        Acknowledgements.Pending pending;
        try {
            requireMonitoring(user);
            requested(user, target, "CancelSupervisorMonitoring");
            pending = acknowledgements.pending(contactCenter.cancelMonitoring(user, device.id()), Acknowledgements.Kind.MONITORING);
            Commands.await(pending);
        } catch (GwsException refused) {
            denied(user, target, refused);
            throw refused;
        }
        pending.confirm();
    }

    /** Returns once the switch applied the command and its change is durable (one wait for both). */
    private void acknowledged(CompletableFuture<Outcome> command, Acknowledgements.Kind kind) {
        Acknowledgements.Pending pending = acknowledgements.pending(command, kind);
        Commands.await(pending);
        pending.confirm();
    }

    private static MonitoringScope scope(ApiRequest request) {
        String name = request.optionalString("supervisorMonitoringScope").orElse(null);
        if (name == null) {
            return MonitoringScope.CALL;
        }
        MonitoringScope scope = MonitoringScope.fromWireName(name);
        if (scope == null) {
            throw GwsException.invalid("Parameter 'supervisorMonitoringScope' must be Agent or Call, not '" + name + "'");
        }
        return scope;
    }

    private static MonitoringMode mode(ApiRequest request) {
        String name = request.optionalString("supervisorMonitoringMode").orElse(null);
        if (name == null) {
            return MonitoringMode.ALL_CALLS;
        }
        MonitoringMode mode = MonitoringMode.fromWireName(name);
        if (mode == null) {
            throw GwsException.invalid("Parameter 'supervisorMonitoringMode' must be NextCall or AllCalls, not '" + name + "'");
        }
        return mode;
    }

    /**
     * The number the request names, on the supervisor's own switch: the device of {@code targetDeviceUri}, or the
     * device, routing point or queue of {@code phoneNumber}; both must name the same one.
     */
    private Target resolveTarget(DeviceView supervisorDevice, String uriDeviceId, String number) {
        String environment = supervisorDevice.dn().environment();
        Target byUri = null;
        if (uriDeviceId != null) {
            String id = uriDeviceId;
            DeviceView device = contactCenter.device(id)
                    .orElseThrow(() -> GwsException.notFound("Device '" + id + "' of parameter 'targetDeviceUri' not found"));
            if (!device.dn().environment().equals(environment)) {
                throw GwsException.invalid("Device " + device.number() + " is in voice environment '" + device.dn().environment()
                        + "'; a supervisor monitors in their own voice environment '" + environment + "'");
            }
            byUri = new Target(device.dn(), device);
        }
        if (number == null) {
            return byUri;
        }
        Dn dn = contactCenter.directory().dnByNumber(environment, number)
                .orElseThrow(() -> GwsException.notFound("Number " + number + " of parameter 'phoneNumber' is no device, routing point"
                        + " or queue of voice environment '" + environment + "'"));
        if (byUri != null) {
            if (!byUri.dn().id().equals(dn.id())) {
                throw GwsException.invalid("Parameters 'targetDeviceUri' and 'phoneNumber' name different targets ("
                        + byUri.number() + " and " + number + ")");
            }
            return byUri;
        }
        DeviceView device = dn.type().isAgentDevice() ? contactCenter.device(dn.id()).orElse(null) : null;
        return new Target(dn, device);
    }

    /**
     * The monitoring policy's authorization (docs/compatibility.md: not one's own device (2); a device of an agent in a group
     * the supervisor supervises, or a routing point or queue that distributes to such a group (5)), checked before the
     * request is audited. What depends on the switch's state now (one supervisor per device, SIP Cluster limits, the
     * supervisor's session) the switch checks when it applies the request, after the audit.
     */
    private void authorize(User supervisor, DeviceView supervisorDevice, Target target, MonitoringType type, MonitoringScope scope) {
        Optional<MonitoringPolicy.Denial> denial = contactCenter.checkMonitoring(
                new MonitoringPolicy.Ask(supervisor, supervisorDevice, target.dn(), target.device(), type, scope));
        if (denial.isPresent() && denial.get().stage() == MonitoringPolicy.Stage.AUTHORIZATION) {
            throw GwsException.of(new Outcome.Refused(denial.get().reason(), denial.get().message()));
        }
    }

    /** The role and features monitoring needs (5), checked before the target is looked at. */
    private static void requireMonitoring(User user) {
        Optional<MonitoringPolicy.Denial> denial = MonitoringPolicy.mayMonitorAtAll(user);
        if (denial.isPresent()) {
            throw GwsException.of(new Outcome.Refused(denial.get().reason(), denial.get().message()));
        }
    }

    /** Appends the request to the audit; it is durable when this returns. If it cannot be stored: 503, nothing done. */
    private void requested(User user, String target, String detail) {
        try {
            // Durable with the switch's change that follows: the acknowledgement waits for both in one sync, and a
            // crash before it loses both (nothing was acknowledged). A refusal's DENIAL waits for itself, and so for it.
            audit.appendQueued(new AuditRecord(clock.instant(), "REQUEST", user.id(), target, null, detail));
        } catch (RuntimeException failed) {
            LOG.error("Cannot append a monitoring request of {} to the audit log; the request is refused", user.userName(), failed);
            throw new GwsException(StatusCodes.INTERNAL_ERROR, "The monitoring audit log is not available; nothing was changed", 503);
        }
    }

    /** Appends a refusal to the audit; the refusal stands whether or not the audit takes it. */
    private void denied(User user, String target, GwsException refused) {
        try {
            audit.append(new AuditRecord(clock.instant(), "DENIAL", user.id(), target, null, refused.statusMessage()));
        } catch (RuntimeException failed) {
            LOG.error("Cannot append the denial of a monitoring request of {} to the audit log: {}", user.userName(),
                    refused.statusMessage(), failed);
        }
    }

    /**
     * The reason of a NotReady, AuxWork or AfterCallWork ({@code reasonCode}, or {@code reason}): one of the configured
     * agent states of that operation (statusCode 2 otherwise), or {@code null} when the request names none.
     */
    private String reason(ApiRequest request, String operation) {
        String code = request.optionalString("reasonCode").orElse(null);
        String alias = request.optionalString("reason").orElse(null);
        if (code != null && alias != null && !code.equals(alias)) {
            throw GwsException.invalid("Parameters 'reasonCode' and 'reason' name different reasons ('" + code + "', '" + alias + "')");
        }
        String reason = code != null ? code : alias;
        if (reason == null) {
            return null;
        }
        AgentStates.State state = agentStates.byReason(reason).orElseThrow(() -> GwsException.invalid("Unknown reason code '"
                + reason + "'; the configured ones are " + agentStates.reasons()));
        if (!state.operationName().equals(operation)) {
            throw GwsException.invalid("Reason code '" + reason + "' is a reason of " + state.operationName() + ", not of " + operation);
        }
        return reason;
    }

    private Map<String, Object> postVoiceChannel(ApiRequest request) {
        User user = request.user();
        String operation = request.operationName();
        AgentStateRequest change = switch (operation) {
            case "Ready" -> new AgentStateRequest(AgentState.READY, workMode(request), null);
            case "NotReady" -> new AgentStateRequest(AgentState.NOT_READY, null, null, reason(request, "NotReady"));
            case "AfterCallWork" -> new AgentStateRequest(AgentState.AFTER_CALL_WORK, null, wrapUpTime(request),
                    reason(request, "AfterCallWork"));
            case "AuxWork" -> new AgentStateRequest(AgentState.AUX_WORK, null, null, reason(request, "AuxWork"));
            default -> throw unknownOperation(operation);
        };
        requireAgent(user);
        acknowledged(contactCenter.changeAgentState(user, change), Acknowledgements.Kind.AGENT_STATE);
        return Map.of();
    }

    private static ReadyWorkMode workMode(ApiRequest request) {
        String name = request.optionalString("workmode").orElse(null);
        if (name == null) {
            return null;
        }
        ReadyWorkMode mode = ReadyWorkMode.fromWireName(name);
        if (mode == null) {
            throw GwsException.invalid("Parameter 'workmode' must be ManualIn or AutoIn, not '" + name + "'");
        }
        return mode;
    }

    /** GWS documents {@code wrapUpTime} as a string of seconds; a JSON number is accepted too. */
    private static Duration wrapUpTime(ApiRequest request) {
        JsonNode value = request.body().get("wrapUpTime");
        if (value == null || value.isNull()) {
            return null;
        }
        long seconds;
        if (value.isTextual() && value.textValue().matches("[0-9]{1,9}")) {
            seconds = Long.parseLong(value.textValue());
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            seconds = value.longValue();
        } else {
            throw GwsException.invalid("Parameter 'wrapUpTime' must be a whole number of seconds");
        }
        if (seconds < 0 || seconds > MAX_WRAP_UP_SECONDS) {
            throw GwsException.invalid("Parameter 'wrapUpTime' must be between 0 and " + MAX_WRAP_UP_SECONDS + " seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    static GwsException unknownOperation(String operation) {
        return GwsException.invalid("Unknown operationName '" + operation + "'");
    }

    private static void requireAgent(User user) {
        if (!user.hasRole(Role.AGENT)) {
            throw GwsException.notPermitted("User '" + user.userName() + "' has no agent role");
        }
        requireVoice(user);
    }

    private static void requireVoice(User user) {
        if (!user.hasFeature(Feature.VOICE)) {
            throw GwsException.notPermitted("User '" + user.userName() + "' lacks feature " + Feature.VOICE);
        }
    }
}
