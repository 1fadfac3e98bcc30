package dev.switchboard.core.event;

import java.time.Instant;

/**
 * An operation the switch accepted failed afterwards (the destination was busy, for example). GWS turns this into an
 * {@code ErrorMessage} on {@code /v2/me/calls}.
 *
 * @param callId      the call concerned
 * @param errorCode   a T-Lib-like error code
 * @param referenceId the {@code referenceId} of the request that caused it, or {@code null}
 */
public record CallFailed(Instant at, String userId, String callId, int errorCode, String errorMessage, Object referenceId)
        implements SwitchEvent {
}
