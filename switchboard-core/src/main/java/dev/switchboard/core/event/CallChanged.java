package dev.switchboard.core.event;

import java.time.Instant;

import dev.switchboard.core.view.CallSnapshot;

/**
 * A call changed, as the switch sees it: one event per changed call per command. The simulator reacts to it (a
 * customer answers a ringing call); GWS clients never see it.
 */
public record CallChanged(Instant at, CallSnapshot call) implements SwitchEvent {
}
