package dev.switchboard.core.store;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.event.BatchingConsumer;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.view.DeviceView;

/**
 * Writes each login, logout and agent-state change to the {@link AgentHistoryStore}. It runs as the consumer of an
 * event hand-off, so a slow database never holds up the switch or the notifications; the rows of one batch go in
 * one {@link AgentHistoryStore#appendAll} (on PostgreSQL, where every commit is synced, one sync for a burst of
 * changes instead of one each, beside the journal's own). One recorder per hand-off: it keeps its batch unlocked.
 */
public final class AgentHistoryRecorder implements BatchingConsumer {
    private final AgentHistoryStore store;
    private final List<AgentStateEntry> batch = new ArrayList<>();

    public AgentHistoryRecorder(AgentHistoryStore store) {
        this.store = store;
    }

    @Override
    public void accept(SwitchEvent event) {
        if (event instanceof DeviceStateChanged changed && records(changed)) {
            DeviceView device = changed.device();
            batch.add(new AgentStateEntry(changed.userId(), device.id(), device.agentState().name(),
                    device.readyWorkMode() == null ? null : device.readyWorkMode().wireName(),
                    changed.change() == DeviceChange.LOGIN, changed.at(), device.reason()));
        }
    }

    /** Appends the batch's rows; a store that fails loses this batch alone (the hand-off logs it). */
    @Override
    public void batchEnded() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.appendAll(List.copyOf(batch));
        } finally {
            batch.clear();
        }
    }

    private static boolean records(DeviceStateChanged changed) {
        return switch (changed.change()) {
            // A login assigns every device of the place; only the one the agent logged in on has an agent state.
            case LOGIN -> changed.device().agentState().isLoggedIn();
            // Likewise a logout unassigns every device; only the one the agent was logged in on has a history.
            case LOGOUT -> changed.previousState().isLoggedIn();
            case AGENT_STATE -> true;
            // A restored session goes on where the history left it: no row.
            case DO_NOT_DISTURB, FORWARDING, MONITORING, PHONE, RESTORED -> false;
        };
    }
}
