package dev.switchboard.core.telephony;

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
 */
public record CallRequest(CallOperation operation, String destination, Map<String, Object> userData, String otherCallId,
                          String key, String digits, String participant) {

    public CallRequest {
        Objects.requireNonNull(operation, "operation");
        userData = userData == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userData));
    }

    /** An operation without parameters. */
    public static CallRequest of(CallOperation operation) {
        return new CallRequest(operation, null, null, null, null, null, null);
    }
}
