package dev.switchboard.server.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;


import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.http.StatusCodes;

/**
 * The simulator extension under {@code /sim/v1} (docs/compatibility.md), for administrators only: a simulated external
 * customer places calls ({@code POST calls}), acts in a call ({@code POST calls/{id}}: {@code Answer}, {@code Hangup},
 * {@code SendDtmf}), and anyone with the admin role reads calls as the switch sees them, with who hears whom
 * ({@code GET calls}, {@code GET calls/{id}}). Everything goes through the switch's customer commands.
 */
public final class SimApi {
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9]{1,20}");
    private static final Pattern DTMF = Pattern.compile("[0-9*#]{1,64}");
    private static final long TIMEOUT_SECONDS = 10;

    private final ContactCenter contactCenter;

    /** An API on the switches of {@code contactCenter}; calls are looked up on every one of them. */
    private final Function<String, Map<String, Object>> legMedia;

    public SimApi(ContactCenter contactCenter) {
        this(contactCenter, legId -> null);
    }

    /**
     * @param legMedia a leg's media counters as JSON ({@code codec, rtpSent, rtpReceived, lastPacketAgoMs}) while a SIP
     *                 phone or trunk carries it, else {@code null}
     */
    public SimApi(ContactCenter contactCenter, Function<String, Map<String, Object>> legMedia) {
        this.contactCenter = Objects.requireNonNull(contactCenter, "contactCenter");
        this.legMedia = Objects.requireNonNull(legMedia, "legMedia");
    }

    /** Adds the routes, relative to the namespace root: {@code calls} and {@code calls/{id}}, GET and POST. */
    public void register(Router router) {
        router.get("calls", this::getCalls)
                .post("calls", this::placeCall)
                .get("calls/{id}", this::getCall)
                .post("calls/{id}", this::operate);
    }

    private Map<String, Object> placeCall(ApiRequest request) {
        requireAdmin(request);
        String from = phoneNumber(request, "from");
        String to = phoneNumber(request, "to");
        Map<String, Object> userData = request.userData(false);
        Switch owner = switchServing(to)
                .orElseThrow(() -> GwsException.notFound("Number '" + to + "' is not in the dial plan of any voice environment"));
        Outcome outcome = await(owner.customerCall(from, to, userData));
        if (!(outcome instanceof Outcome.Accepted accepted) || accepted.id() == null) {
            throw new GwsException(StatusCodes.INTERNAL_ERROR, "The switch placed no call");
        }
        Map<String, Object> body = Json.object();
        body.put("id", accepted.id());
        return body;
    }

    private Optional<Switch> switchServing(String number) {
        for (Switch candidate : contactCenter.switches()) {
            if (contactCenter.directory().dnByNumber(candidate.environment().name(), number).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> operate(ApiRequest request) {
        requireAdmin(request);
        String callId = request.path("id");
        String operation = request.operationName();
        String from = request.optionalString("from").orElse(null);
        if (from != null && !PHONE_NUMBER.matcher(from).matches()) {
            throw GwsException.invalid("Parameter 'from' must be a phone number (digits), not '" + from + "'");
        }
        switch (operation) {
            case "Answer" -> {
                Switch owner = owner(callId);
                String customer = from != null ? from : ringingCustomer(owner, callId);
                await(owner.customerAnswer(callId, customer));
            }
            case "Hangup" -> await(owner(callId).customerHangup(callId, from));
            case "SendDtmf" -> {
                String digits = request.requiredString("digits");
                if (!DTMF.matcher(digits).matches()) {
                    throw GwsException.invalid("Parameter 'digits' must be 1 to 64 of 0-9, * and #");
                }
                await(owner(callId).customerDtmf(callId, from, digits));
            }
            default -> throw GwsException.invalid("Unknown operationName '" + operation + "'");
        }
        return Map.of();
    }

    /** Without {@code from}, Answer means the customer whose phone rings; there may be other customers in the call. */
    private static String ringingCustomer(Switch owner, String callId) {
        CallSnapshot call = owner.call(callId).orElseThrow(() -> callNotFound(callId));
        return call.parties().stream().filter(p -> p.external() && p.state() == PartyState.RINGING).map(CallSnapshot.Party::number)
                .findFirst()
                .orElseThrow(() -> new GwsException(StatusCodes.FORBIDDEN, "No customer's phone rings in call " + callId));
    }

    private Map<String, Object> getCall(ApiRequest request) {
        requireAdmin(request);
        String callId = request.path("id");
        CallSnapshot call = owner(callId).call(callId).orElseThrow(() -> callNotFound(callId));
        return callJson(call);
    }

    private Map<String, Object> getCalls(ApiRequest request) {
        requireAdmin(request);
        List<Object> calls = new ArrayList<>();
        for (Switch each : contactCenter.switches()) {
            for (CallSnapshot call : await(each.liveCalls())) {
                calls.add(callJson(call));
            }
        }
        Map<String, Object> body = Json.object();
        body.put("calls", calls);
        return body;
    }

    /** The call as the switch sees it; each party's DN is its number, external or not. */
    Map<String, Object> callJson(CallSnapshot call) {
        Map<String, Object> json = Json.object();
        json.put("id", call.id());
        json.put("connId", call.connId());
        json.put("ani", call.ani());
        json.put("dnis", call.dnis());
        json.put("ended", call.ended());
        if (call.waitingAt() != null) {
            json.put("waitingAt", call.waitingAt());
        }
        if (call.parentCallId() != null) {
            json.put("parentCallId", call.parentCallId());
        }
        List<Object> parties = new ArrayList<>();
        for (CallSnapshot.Party party : call.parties()) {
            Map<String, Object> p = Json.object();
            p.put("dn", party.number());
            p.put("role", roleName(party.role()));
            p.put("state", party.state().wireName());
            p.put("external", party.external());
            p.put("muted", party.muted());
            p.put("hears", party.hears());
            Map<String, Object> media = party.legId() == null ? null : legMedia.apply(party.legId());
            if (media != null) {
                p.put("media", media);
            }
            parties.add(p);
        }
        json.put("parties", parties);
        json.put("userData", call.userData());
        return json;
    }

    static String roleName(PartyRole role) {
        return switch (role) {
            case ORIGINATOR -> "Originator";
            case DESTINATION -> "Destination";
            case CONSULT_TARGET -> "ConsultTarget";
            case CONFERENCE_MEMBER -> "ConferenceMember";
            case SUPERVISOR -> "Supervisor";
        };
    }

    private Switch owner(String callId) {
        return SimTasks.switchOf(contactCenter, callId).orElseThrow(() -> callNotFound(callId));
    }

    private static GwsException callNotFound(String callId) {
        return GwsException.notFound("Call '" + callId + "' not found");
    }

    private static void requireAdmin(ApiRequest request) {
        User user = request.user();
        if (user == null || !user.isAdmin()) {
            throw GwsException.notPermitted("The simulator API is for administrators only");
        }
    }

    private static String phoneNumber(ApiRequest request, String name) {
        String value = request.requiredString(name);
        if (!PHONE_NUMBER.matcher(value).matches()) {
            throw GwsException.invalid("Parameter '" + name + "' must be a phone number (digits), not '" + value + "'");
        }
        return value;
    }

    /**
     * Waits, bounded, for the switch; a refusal becomes its GWS failure. (The api package's helper is package-private,
     * and the switch's liveCalls() needs the same for a value that is not an outcome.)
     */
    private static <T> T await(CompletableFuture<T> command) {
        T result;
        try {
            result = command.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException failed) {
            throw unavailable();
        }
        if (result instanceof Outcome.Refused refused) {
            throw GwsException.of(refused);
        }
        return result;
    }

    private static GwsException unavailable() {
        return new GwsException(StatusCodes.INTERNAL_ERROR, "Voice service is not available at this time", 503);
    }
}
