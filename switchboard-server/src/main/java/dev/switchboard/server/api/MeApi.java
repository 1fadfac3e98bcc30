package dev.switchboard.server.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.DeviceView;
import dev.switchboard.server.gws.GwsMapper;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import jakarta.servlet.http.HttpSession;

/**
 * The user's own resources: {@code /me}, {@code /me/devices}, {@code /me/channels/voice}. Each POST parses the GWS
 * operation into a command, lets the switch apply it and answers {@code {"statusCode":0}}; what changed arrives on
 * CometD.
 */
public final class MeApi {
    /** The longest wrap-up a client may ask for: one day. */
    static final long MAX_WRAP_UP_SECONDS = 86_400;

    private final ContactCenter contactCenter;
    private final GwsMapper mapper;

    public MeApi(ContactCenter contactCenter, GwsMapper mapper) {
        this.contactCenter = contactCenter;
        this.mapper = mapper;
    }

    public void register(Router router) {
        router.get("me", this::getMe)
                .post("me", this::postMe)
                .get("me/devices", this::getDevices)
                .get("me/devices/{id}", this::getDevice)
                .post("me/devices/{id}", this::postDevice)
                .post("me/channels/voice", this::postVoiceChannel);
    }

    private Map<String, Object> getMe(ApiRequest request) {
        User user = request.user();
        Map<String, Object> json = mapper.user(user, request.subresources(), contactCenter.devicesOf(user), contactCenter.callsOf(user));
        return Map.of("user", GwsMapper.select(json, request.fields()));
    }

    private Map<String, Object> postMe(ApiRequest request) {
        String operation = request.operationName();
        switch (operation) {
            case "StartContactCenterSession" -> startSession(request);
            case "EndContactCenterSession" -> endSession(request);
            default -> throw unknownOperation(operation);
        }
        return Map.of();
    }

    private void startSession(ApiRequest request) {
        User user = request.user();
        JsonNode channels = request.requiredArray("channels");
        if (channels.isEmpty()) {
            throw GwsException.invalid("Parameter 'channels' must name at least one channel");
        }
        for (JsonNode channel : channels) {
            if (!channel.isTextual()) {
                throw GwsException.invalid("Parameter 'channels' must be an array of strings");
            }
            if (!channel.textValue().equals("voice")) {
                throw GwsException.invalid("Channel '" + channel.textValue() + "' is not supported; Switchboard serves 'voice'");
            }
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
        Commands.await(contactCenter.startSession(user, place));
    }

    private void endSession(ApiRequest request) {
        requireAgent(request.user());
        Commands.await(contactCenter.endSession(request.user()));
        HttpSession session = request.http().getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // Another request ended it first; the contact-center session is over either way.
            }
        }
    }

    private Map<String, Object> getDevices(ApiRequest request) {
        List<DeviceView> devices = contactCenter.devicesOf(request.user());
        Set<String> fields = request.fields();
        if (fields.isEmpty()) {
            List<String> uris = new ArrayList<>();
            for (DeviceView device : devices) {
                uris.add(mapper.urls().device(device.id()));
            }
            return Map.of("uris", uris);
        }
        List<Object> list = new ArrayList<>();
        for (DeviceView device : devices) {
            list.add(GwsMapper.select(mapper.device(device, request.user()), fields));
        }
        return Map.of("devices", list);
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
                Commands.await(contactCenter.setDoNotDisturb(user, device.id(), true));
            }
            case "DoNotDisturbOff" -> {
                requireVoice(user);
                Commands.await(contactCenter.setDoNotDisturb(user, device.id(), false));
            }
            case "ForwardCallsOn" -> {
                String destination = request.requiredString("destination");
                if (!destination.matches("\\+?[0-9]{1,20}")) {
                    throw GwsException.invalid("Parameter 'destination' must be a phone number (digits), not '" + destination + "'");
                }
                requireVoice(user);
                Commands.await(contactCenter.setForwarding(user, device.id(), destination));
            }
            case "ForwardCallsOff" -> {
                requireVoice(user);
                Commands.await(contactCenter.setForwarding(user, device.id(), null));
            }
            default -> throw unknownOperation(operation);
        }
        return Map.of();
    }

    private Map<String, Object> postVoiceChannel(ApiRequest request) {
        User user = request.user();
        String operation = request.operationName();
        AgentStateRequest change = switch (operation) {
            case "Ready" -> new AgentStateRequest(AgentState.READY, workMode(request), null);
            case "NotReady" -> AgentStateRequest.of(AgentState.NOT_READY);
            case "AfterCallWork" -> new AgentStateRequest(AgentState.AFTER_CALL_WORK, null, wrapUpTime(request));
            case "AuxWork" -> AgentStateRequest.of(AgentState.AUX_WORK);
            default -> throw unknownOperation(operation);
        };
        requireAgent(user);
        Commands.await(contactCenter.changeAgentState(user, change));
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
