package dev.switchboard.server.settings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.core.agent.AgentState;

/**
 * The agent states a desktop builds its state menu from ({@code GET /api/v2/settings/agent-states}): the system states
 * with GWS's fixed ids, as a real server lists them, then the configured ones — a NotReady (or AuxWork, or
 * AfterCallWork) with a reason, each with an id that stays the same for the same reason.
 */
public final class AgentStates {
    /** The system states, as a real GWS 8.5.2 server lists them. */
    private static final List<State> SYSTEM = List.of(
            new State("900D55CC-2BB0-431F-8BF9-D3525B383BE6", "NotReady", "Not Ready", "NotReady", null, null),
            new State("0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB", "Offline", "Offline", "Logout", null, null),
            new State("D3663509-3D82-4DD3-A82E-2EA8EFA02AEF", "AfterCallWork", "AfterCallWork", "NotReady", "AfterCallWork", null),
            new State("9430250E-0A1B-421F-B372-F29E69366DED", "Ready", "Ready", "Ready", null, null),
            new State("2B36138D-C564-4562-A8CB-3C32D564F296", "AuxWork", "AuxWork", "NotReady", "AuxWork", null));

    private final Map<String, State> byReason = new LinkedHashMap<>();

    /**
     * One agent state of the list.
     *
     * @param operationName the operation that sets it ({@code NotReady}, {@code AuxWork}, {@code AfterCallWork},
     *                      {@code Ready}, or {@code Offline} for logging out)
     * @param workMode      {@code AuxWork}, {@code AfterCallWork} or {@code null}
     * @param reason        the reason code a configured state carries, or {@code null} for a system state
     */
    public record State(String id, String operationName, String displayName, String state, String workMode, String reason) {

        /** The state as a list entry (and as a device's {@code userState} shows it, minus the operation). */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("operationName", operationName);
            json.put("displayName", displayName);
            json.put("state", state);
            if (workMode != null) {
                json.put("workMode", workMode);
            }
            if (reason != null) {
                json.put("reason", reason);
                json.put("reasonCode", reason);
            }
            return json;
        }
    }

    /** A configured state: a reason code, its name, and the way of not being ready it is (NotReady by default). */
    public record Reason(String code, String displayName, AgentState as) {
    }

    public AgentStates(List<Reason> reasons) {
        for (Reason reason : reasons) {
            String operation = switch (reason.as()) {
                case AUX_WORK -> "AuxWork";
                case AFTER_CALL_WORK -> "AfterCallWork";
                default -> "NotReady";
            };
            String workMode = reason.as() == AgentState.NOT_READY ? null : operation;
            String id = UUID.nameUUIDFromBytes(("agent-state:" + reason.code()).getBytes(StandardCharsets.UTF_8)).toString()
                    .toUpperCase(java.util.Locale.ROOT);
            byReason.put(reason.code(), new State(id, operation, reason.displayName(), "NotReady", workMode, reason.code()));
        }
    }

    /** No configured reasons: the system states only. */
    public static AgentStates systemOnly() {
        return new AgentStates(List.of());
    }

    /** Every state, system ones first. */
    public List<State> all() {
        List<State> all = new ArrayList<>(SYSTEM);
        all.addAll(byReason.values());
        return all;
    }

    /** The configured state with this reason code. */
    public Optional<State> byReason(String reason) {
        return Optional.ofNullable(byReason.get(reason));
    }

    /** The configured reason codes, in configuration order. */
    public List<String> reasons() {
        return List.copyOf(byReason.keySet());
    }
}
