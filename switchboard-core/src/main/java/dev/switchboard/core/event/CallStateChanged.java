package dev.switchboard.core.event;

import java.time.Instant;
import java.util.Objects;

import dev.switchboard.core.view.CallView;

/**
 * A call changed for one device's user. GWS turns this into a {@code CallStateChangeMessage} on {@code /v2/me/calls}.
 *
 * @param digits for {@link CallNotification#DTMF_SENT}, the digits sent; otherwise {@code null}
 */
public record CallStateChanged(Instant at, String userId, CallView call, CallNotification notification, String digits)
        implements SwitchEvent {

    public CallStateChanged {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(notification, "notification");
    }
}
