package dev.switchboard.server.console;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.server.api.Commands;
import dev.switchboard.server.durable.Acknowledgements;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.http.StatusCodes;
import dev.switchboard.server.log.Kv;
import dev.switchboard.server.settings.AgentStates;

/**
 * {@code POST /ext/v1/agents/{userName}}: a supervisor acts on an agent of theirs, with {@code operationName}
 * {@code Ready}, {@code NotReady} (optional {@code reasonCode}, a configured NotReady reason), {@code Logout} (ends the
 * agent's contact-center session) or {@code EndWrapUp} (an agent in after-call work becomes Ready).
 *
 * <p>Allowed to a supervisor with the monitoring role and features who supervises a group of the agent — the same
 * authorization as monitoring ({@link MonitoringPolicy#mayMonitorAtAll}, {@link MonitoringPolicy#maySupervise}) —
 * and to administrators; anyone else gets statusCode 5. Every request is appended to the monitoring audit, durably and
 * before the switch acts, as {@code AGENT_ACTION} (a refusal as {@code AGENT_ACTION_DENIAL}); the target is the agent's
 * user name and the detail the operation (and reason). The switch applies the change as if the agent had asked, so the
 * agent's desktop hears of it through its own notifications.
 */
public final class AgentActions {
    /** The audit kinds of a supervisor's action on an agent. */
    public static final String ACTION = "AGENT_ACTION";
    public static final String DENIAL = "AGENT_ACTION_DENIAL";
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.monitoring");

    private final ContactCenter contactCenter;
    private final MonitoringAudit audit;
    private final AgentStates agentStates;
    private final Clock clock;
    private final Acknowledgements acknowledgements;

    /** @param acknowledgements what a reply waits for after the switch applied the change: that it is durable */
    public AgentActions(ContactCenter contactCenter, MonitoringAudit audit, AgentStates agentStates, Clock clock,
                        Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
        this.contactCenter = contactCenter;
        this.audit = audit;
        this.agentStates = agentStates;
        this.clock = clock;
    }

    /** Adds {@code agents/{userName}} to the extension router. */
    public void register(Router router) {
        router.post("agents/{userName}", this::act);
    }

    private Map<String, Object> act(ApiRequest request) {
        User actor = request.user();
        String operation = request.operationName();
        String agentName = request.path("userName");
        String detail = operation;
        try {
            User agent = contactCenter.directory().userByName(agentName)
                    .orElseThrow(() -> GwsException.notFound("User " + agentName + " not found"));
            authorize(actor, agent);
            String reason = null;
            if (operation.equals("NotReady")) {
                reason = reason(request);
                detail = reason == null ? operation : operation + " reasonCode=" + reason;
            } else if (!operation.equals("Ready") && !operation.equals("Logout") && !operation.equals("EndWrapUp")) {
                throw GwsException.invalid("Unknown operationName '" + operation + "'; one of Ready, NotReady, Logout, EndWrapUp");
            }
            requested(actor, agentName, ACTION, detail);
            Acknowledgements.Pending pending = acknowledgements.pending(command(agent, operation, reason),
                    operation.equals("Logout") ? Acknowledgements.Kind.SESSION : Acknowledgements.Kind.AGENT_STATE);
            Commands.await(pending);
            pending.confirm();
            LOG.info("event=agent-action supervisor={} agent={} operation={}", Kv.value(actor.userName()), Kv.value(agentName),
                    Kv.value(detail));
            return Map.of();
        } catch (GwsException refused) {
            if (refused.statusCode() == StatusCodes.NOT_PERMITTED) {
                denied(actor, agentName, detail + ": " + refused.statusMessage());
            }
            throw refused;
        }
    }

    private CompletableFuture<Outcome> command(User agent, String operation, String reason) {
        return switch (operation) {
            case "Ready" -> contactCenter.changeAgentState(agent, new AgentStateRequest(AgentState.READY, null, null));
            case "NotReady" -> contactCenter.changeAgentState(agent, new AgentStateRequest(AgentState.NOT_READY, null, null, reason));
            case "Logout" -> contactCenter.endSession(agent);
            default -> endWrapUp(agent);
        };
    }

    private CompletableFuture<Outcome> endWrapUp(User agent) {
        Optional<DeviceView> device = contactCenter.devicesOf(agent).stream()
                .filter(d -> agent.id().equals(d.userId()) && d.agentState() == AgentState.AFTER_CALL_WORK).findFirst();
        if (device.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.refused(Outcome.Refusal.NOT_IN_CAPABILITIES,
                    "Agent " + agent.userName() + " is not in after-call work"));
        }
        return contactCenter.changeAgentState(agent, new AgentStateRequest(AgentState.READY, null, null));
    }

    /** As monitoring: administrators, or a supervisor who may monitor at all and supervises a group of the agent. */
    private void authorize(User actor, User agent) {
        if (actor.isAdmin()) {
            return;
        }
        Optional<MonitoringPolicy.Denial> atAll = MonitoringPolicy.mayMonitorAtAll(actor);
        if (atAll.isPresent()) {
            throw GwsException.of(new Outcome.Refused(atAll.get().reason(), atAll.get().message()));
        }
        if (!MonitoringPolicy.maySupervise(contactCenter.directory(), actor, agent)) {
            throw GwsException.notPermitted("User '" + actor.userName() + "' does not supervise a group of agent '"
                    + agent.userName() + "'");
        }
    }

    private String reason(ApiRequest request) {
        String code = request.optionalString("reasonCode").orElse(request.optionalString("reason").orElse(null));
        if (code == null) {
            return null;
        }
        AgentStates.State state = agentStates.byReason(code).orElseThrow(() -> GwsException.invalid("Unknown reason code '"
                + code + "'; the configured ones are " + agentStates.reasons()));
        if (!state.operationName().equals("NotReady")) {
            throw GwsException.invalid("Reason code '" + code + "' is a reason of " + state.operationName() + ", not of NotReady");
        }
        return code;
    }

    /** Durable before the switch acts; if the audit cannot take it, nothing is done (503). */
    private void requested(User actor, String agentName, String kind, String detail) {
        try {
            audit.append(new AuditRecord(clock.instant(), kind, actor.id(), agentName, null, detail));
        } catch (RuntimeException failed) {
            LOG.error("Cannot append an agent action of {} to the audit log; it is refused", actor.userName(), failed);
            throw new GwsException(StatusCodes.INTERNAL_ERROR, "The audit log is not available; nothing was changed", 503);
        }
    }

    private void denied(User actor, String agentName, String detail) {
        try {
            audit.append(new AuditRecord(clock.instant(), DENIAL, actor.id(), agentName, null, detail));
        } catch (RuntimeException failed) {
            LOG.error("Cannot append the denial of an agent action of {} to the audit log", actor.userName(), failed);
        }
    }
}
