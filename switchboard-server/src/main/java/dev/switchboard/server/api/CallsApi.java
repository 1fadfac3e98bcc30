package dev.switchboard.server.api;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.server.gws.GwsMapper;
import dev.switchboard.server.gws.Urls;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.settings.Dispositions;
import dev.switchboard.server.http.Router;

/**
 * The user's calls: {@code Dial} on {@code /me/devices/{id}/calls}, the call operations on {@code /me/calls/{id}},
 * and reading calls. Each operation is parsed and checked here, then the switch applies it or refuses it; what
 * changed arrives on CometD as {@code CallStateChangeMessage}s. The supervisor's operations on a monitoring call
 * ({@code SwitchToListenIn}, {@code SwitchToBargeIn}, {@code MuteMonitoredUser}, {@code UnmuteMonitoredUser}) take no
 * parameters and need feature {@code api-supervisor-monitoring}.
 */
public final class CallsApi {
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9]{1,20}");
    private static final Pattern DTMF = Pattern.compile("[0-9*#]{1,64}");

    private final ContactCenter contactCenter;
    private final GwsMapper mapper;
    private final Dispositions dispositions;

    /** Without configured dispositions (any disposition is taken, under {@code DispositionCode}). */
    public CallsApi(ContactCenter contactCenter, GwsMapper mapper) {
        this(contactCenter, mapper, Dispositions.none());
    }

    public CallsApi(ContactCenter contactCenter, GwsMapper mapper, Dispositions dispositions) {
        this.contactCenter = contactCenter;
        this.mapper = mapper;
        this.dispositions = dispositions;
    }

    public void register(Router router) {
        router.post("me/devices/{id}/calls", this::dial)
                .get("me/calls", this::getCalls)
                .get("me/calls/{id}", this::getCall)
                .post("me/calls/{id}", this::operation);
    }

    private Map<String, Object> dial(ApiRequest request) {
        User user = request.user();
        String deviceId = request.path("id");
        String operation = request.operationName();
        if (!operation.equals("Dial")) {
            throw MeApi.unknownOperation(operation);
        }
        String destination = destination(request);
        Map<String, Object> userData = request.userData(false);
        request.optionalString("location");
        Object referenceId = referenceId(request);
        requireVoice(user);
        boolean own = contactCenter.devicesOf(user).stream().map(DeviceView::id).anyMatch(deviceId::equals);
        if (!own) {
            throw GwsException.notFound("Device '" + deviceId + "' not found among your devices");
        }
        Commands.await(contactCenter.dial(user, deviceId, destination, userData, referenceId));
        return Map.of();
    }

    private Map<String, Object> getCalls(ApiRequest request) {
        return GwsMapper.collection("calls", contactCenter.callsOf(request.user()), request.fields(),
                call -> mapper.urls().call(call.id()), call -> mapper.call(call, request.user()));
    }

    private Map<String, Object> getCall(ApiRequest request) {
        String id = request.path("id");
        CallView call = contactCenter.callsOf(request.user()).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> GwsException.notFound("Call '" + id + "' not found"));
        return Map.of("call", GwsMapper.select(mapper.call(call, request.user()), request.fields()));
    }

    private Map<String, Object> operation(ApiRequest request) {
        User user = request.user();
        String callId = request.path("id");
        String name = request.operationName();
        if (name.equals("SetCallDisposition")) {
            requireVoice(user);
            Commands.await(contactCenter.callOperation(user, callId, disposition(request).withReferenceId(referenceId(request))));
            return Map.of();
        }
        CallOperation operation = CallOperation.fromWireName(name);
        if (operation == null) {
            throw MeApi.unknownOperation(name);
        }
        CallRequest call = parse(request, operation).withReferenceId(referenceId(request));
        requireVoice(user);
        if (isRecording(operation) && !user.hasFeature(Feature.VOICE_RECORDING)) {
            throw GwsException.notPermitted("User '" + user.userName() + "' lacks feature " + Feature.VOICE_RECORDING);
        }
        if (isSupervision(operation) && !user.hasFeature(Feature.SUPERVISOR_MONITORING)) {
            throw GwsException.notPermitted("User '" + user.userName() + "' lacks feature " + Feature.SUPERVISOR_MONITORING);
        }
        Commands.await(contactCenter.callOperation(user, callId, call));
        return Map.of();
    }

    /**
     * {@code SetCallDisposition}: the disposition goes into the call's user data under {@code dispositionKey} (the
     * configured key when the request names none), as GWS does with an active call; it is one of the configured codes
     * when any are configured. A released call is no longer the user's: 404.
     */
    private CallRequest disposition(ApiRequest request) {
        String disposition = request.requiredString("disposition");
        if (disposition.isBlank()) {
            throw GwsException.invalid("Parameter 'disposition' must not be empty");
        }
        if (!dispositions.allows(disposition)) {
            throw GwsException.invalid("Unknown disposition '" + disposition + "'; the configured ones are "
                    + dispositions.codes().keySet());
        }
        String key = request.optionalString("dispositionKey").orElse(dispositions.key());
        if (key.isBlank()) {
            throw GwsException.invalid("Parameter 'dispositionKey' must not be empty");
        }
        return new CallRequest(CallOperation.UPDATE_USER_DATA, null, Map.of(key, disposition), null, null, null, null);
    }

    /** Reads and checks the parameters of one operation; every failure is a GWS error and nothing has changed. */
    private static CallRequest parse(ApiRequest request, CallOperation operation) {
        return switch (operation) {
            case INITIATE_TRANSFER, INITIATE_CONFERENCE, SINGLE_STEP_TRANSFER, SINGLE_STEP_CONFERENCE -> {
                String destination = destination(request);
                Map<String, Object> userData = request.userData(false);
                request.optionalString("location");
                yield new CallRequest(operation, destination, userData, null, null, null, null);
            }
            case COMPLETE_TRANSFER, COMPLETE_CONFERENCE -> new CallRequest(operation, null, null,
                    callUri(request, "consultCallUri"), null, null, null);
            case SWAP_CALLS -> new CallRequest(operation, null, null, callUri(request, "otherCallUri"), null, null, null);
            case REMOVE_PARTICIPANT_FROM_CONFERENCE -> {
                String participant = request.requiredString("participant");
                if (!PHONE_NUMBER.matcher(participant).matches()) {
                    throw GwsException.invalid("Parameter 'participant' must be a phone number, not '" + participant + "'");
                }
                yield new CallRequest(operation, null, null, null, null, null, participant);
            }
            case SEND_DTMF -> {
                String digits = request.requiredString("digits");
                if (!DTMF.matcher(digits).matches()) {
                    throw GwsException.invalid("Parameter 'digits' must be 1 to 64 of 0-9, * and #");
                }
                yield new CallRequest(operation, null, null, null, null, digits, null);
            }
            case ATTACH_USER_DATA, UPDATE_USER_DATA -> new CallRequest(operation, null, request.userData(true), null, null, null,
                    null);
            case DELETE_USER_DATA_PAIR -> new CallRequest(operation, null, null, null, request.requiredString("key"), null, null);
            default -> CallRequest.of(operation);
        };
    }

    /** The optional {@code referenceId} a later {@code ErrorMessage} echoes: a number or a string. */
    private static Object referenceId(ApiRequest request) {
        JsonNode value = request.body().get("referenceId");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.textValue().length() <= 100) {
            return value.textValue();
        }
        throw GwsException.invalid("Parameter 'referenceId' must be a whole number or a short string");
    }

    /** {@code destination: {"phoneNumber": "5001"}}. */
    private static String destination(ApiRequest request) {
        JsonNode destination = request.body().get("destination");
        if (destination == null || destination.isNull()) {
            throw GwsException.missing("destination");
        }
        if (!destination.isObject()) {
            throw GwsException.invalid("Parameter 'destination' must be an object with a 'phoneNumber'");
        }
        JsonNode number = destination.get("phoneNumber");
        if (number == null || number.isNull()) {
            throw GwsException.missing("destination.phoneNumber");
        }
        if (!number.isTextual() || !PHONE_NUMBER.matcher(number.textValue()).matches()) {
            throw GwsException.invalid("Parameter 'destination.phoneNumber' must be a phone number (digits)");
        }
        return number.textValue();
    }

    /** An optional call URI parameter, as the call id it names. */
    private static String callUri(ApiRequest request, String name) {
        String uri = request.optionalString(name).orElse(null);
        if (uri == null) {
            return null;
        }
        String id = Urls.callIdOf(uri);
        if (id == null) {
            throw GwsException.invalid("Parameter '" + name + "' must be a call URI");
        }
        return id;
    }

    private static boolean isRecording(CallOperation operation) {
        return switch (operation) {
            case START_CALL_RECORDING, STOP_CALL_RECORDING, PAUSE_CALL_RECORDING, RESUME_CALL_RECORDING -> true;
            default -> false;
        };
    }

    /** The operations on a supervisor's monitoring call; they take no parameters. */
    private static boolean isSupervision(CallOperation operation) {
        return switch (operation) {
            case SWITCH_TO_LISTEN_IN, SWITCH_TO_BARGE_IN, MUTE_MONITORED_USER, UNMUTE_MONITORED_USER -> true;
            default -> false;
        };
    }

    private static void requireVoice(User user) {
        if (!user.hasFeature(Feature.VOICE)) {
            throw GwsException.notPermitted("User '" + user.userName() + "' lacks feature " + Feature.VOICE);
        }
    }
}
