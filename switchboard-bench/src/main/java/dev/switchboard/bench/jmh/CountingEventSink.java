package dev.switchboard.bench.jmh;

import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.SwitchEvent;

/**
 * An {@link EventSink} that consumes every event by counting it, by kind, and does nothing else: no queue, no I/O.
 * What a benchmark of the switch alone needs in place of the server's notification fan-out.
 *
 * <p>Only the switch thread publishes, so each counter has a single writer; the fields are volatile so that any
 * thread reads an up-to-date count.
 */
public final class CountingEventSink implements EventSink {
    private volatile long total;
    private volatile long deviceStateChanges;
    private volatile long callStateChanges;

    @Override
    public void publish(SwitchEvent event) {
        // Single writer (the switch thread): read-increment-write on a volatile is safe here.
        total = total + 1;
        if (event instanceof CallStateChanged) {
            callStateChanges = callStateChanges + 1;
        } else if (event instanceof DeviceStateChanged) {
            deviceStateChanges = deviceStateChanges + 1;
        }
    }

    /** Every event published so far. */
    public long total() {
        return total;
    }

    /** The {@link DeviceStateChanged} events (a DeviceStateChangeMessage each, in the server). */
    public long deviceStateChanges() {
        return deviceStateChanges;
    }

    /** The {@link CallStateChanged} events (a CallStateChangeMessage each, in the server). */
    public long callStateChanges() {
        return callStateChanges;
    }
}
