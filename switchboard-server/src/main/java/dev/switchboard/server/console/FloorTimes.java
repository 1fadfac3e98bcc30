package dev.switchboard.server.console;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.PartyState;

/**
 * When each device's party of each call entered its state, was first answered and was put on hold, from the switch's
 * events (a {@link CallView} carries only when the call was created). The floor shows talk and hold time from these
 * server instants, so every browser counts from the same moment and a reload loses nothing.
 */
final class FloorTimes {
    /** One device's party of one call. */
    record Times(PartyState state, Instant since, Instant answeredAt, Instant heldSince) {
    }

    private final Map<String, Times> byParty = new ConcurrentHashMap<>();

    /** Folds one call notification in; forgets the party when it is released. */
    void accept(CallStateChanged event) {
        CallView call = event.call();
        String key = key(call.deviceId(), call.id());
        if (call.isReleased()) {
            byParty.remove(key);
            return;
        }
        byParty.compute(key, (k, previous) -> {
            if (previous != null && previous.state() == call.state()) {
                return previous;
            }
            Instant at = event.at();
            Instant answered = previous == null ? null : previous.answeredAt();
            if (answered == null && call.state() == PartyState.ESTABLISHED) {
                answered = at;
            }
            Instant held = call.state() == PartyState.HELD ? at : null;
            return new Times(call.state(), at, answered, held);
        });
    }

    /** What is known of this party, or {@code null}. */
    Times of(String deviceId, String callId) {
        return byParty.get(key(deviceId, callId));
    }

    private static String key(String deviceId, String callId) {
        return deviceId + '|' + callId;
    }
}
