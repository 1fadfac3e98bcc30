package dev.switchboard.core.command;

import java.util.Map;
import java.util.Objects;

/**
 * A call operation with its parameters, as parsed from a GWS request. Parameters an operation does not use are
 * {@code null}; {@link #userData} is never null.
 *
 * @param destination  for transfers and conferences: the number to call
 * @param otherCallId  for SwapCalls: the other call; for CompleteTransfer/CompleteConference: the consultation
 * @param key          for DeleteUserDataPair: the key
 * @param digits       for SendDtmf: the digits
 * @param participant  for RemoveParticipantFromConference: the number to remove
 * @param referenceId  the request's {@code referenceId}, echoed by a failure reported later; or {@code null}
 */
public record CallRequest(CallOperation operation, String destination, Map<String, Object> userData, String otherCallId,
                          String key, String digits, String participant, Object referenceId) {

    public CallRequest {
        Objects.requireNonNull(operation, "operation");
        userData = userData == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userData));
    }

    /** A request without a {@code referenceId}. */
    public CallRequest(CallOperation operation, String destination, Map<String, Object> userData, String otherCallId, String key,
                       String digits, String participant) {
        this(operation, destination, userData, otherCallId, key, digits, participant, null);
    }

    /** The same request with a {@code referenceId}. */
    public CallRequest withReferenceId(Object reference) {
        return new CallRequest(operation, destination, userData, otherCallId, key, digits, participant, reference);
    }

    /** An operation without parameters. */
    public static CallRequest of(CallOperation operation) {
        return new CallRequest(operation, null, null, null, null, null, null);
    }
}
