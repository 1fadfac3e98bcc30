package dev.switchboard.server.ext;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.server.api.Commands;
import dev.switchboard.server.durable.Acknowledgements;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.log.Kv;

/**
 * {@code POST /ext/v1/me/calls/{callId}}: a supervisor switches the monitoring call they are on, and their subscription
 * with it, while staying on the call — {@code operationName} {@code SwitchToCoach} (from ListenIn or BargeIn) or
 * {@code SwitchToListenIn} (from Coach or BargeIn). GWS has no way to Coach on a monitoring call, and its
 * {@code SwitchToListenIn} / {@code SwitchToBargeIn} on {@code /api/v2/me/calls/{id}} change that call only; here the
 * subscription's {@code supervisorMonitoringState.state} changes too, so the next call of an {@code AllCalls}
 * subscription starts the same way (docs/compatibility.md).
 *
 * <p>Failures are GWS-shaped: an unknown {@code operationName} → 2; no supervisor role or monitoring feature → 5
 * (403); a call that is not the user's → 6 (404); not a monitoring call, not switchable now (as the GWS switches) or
 * already that way → 3 (403); a way the monitoring policy refuses for the subscription → its statusCode (2 for Coach on
 * a routing point in a SIP Cluster). The switch audits the change (SWITCH); the reply waits until it is durable.
 */
public final class MonitoringCallsApi {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.monitoring");

    private final ContactCenter contactCenter;
    private final Acknowledgements acknowledgements;

    /** @param acknowledgements what a reply waits for after the switch applied the change: that it is durable */
    public MonitoringCallsApi(ContactCenter contactCenter, Acknowledgements acknowledgements) {
        this.contactCenter = contactCenter;
        this.acknowledgements = acknowledgements;
    }

    /** Adds {@code me/calls/{id}} to the extension router. */
    public void register(Router router) {
        router.post("me/calls/{id}", this::operation);
    }

    private Map<String, Object> operation(ApiRequest request) {
        User user = request.user();
        String callId = request.path("id");
        String operation = request.operationName();
        MonitoringType way = switch (operation) {
            case "SwitchToCoach" -> MonitoringType.COACH;
            case "SwitchToListenIn" -> MonitoringType.LISTEN_IN;
            default -> throw GwsException.invalid("Unknown operationName '" + operation + "'; one of SwitchToCoach, SwitchToListenIn");
        };
        Optional<MonitoringPolicy.Denial> denial = MonitoringPolicy.mayMonitorAtAll(user);
        if (denial.isPresent()) {
            throw GwsException.of(new Outcome.Refused(denial.get().reason(), denial.get().message()));
        }
        Acknowledgements.Pending pending = acknowledgements.pending(contactCenter.switchMonitoring(user, callId, way),
                Acknowledgements.Kind.MONITORING);
        Commands.await(pending);
        pending.confirm();
        LOG.info("event=monitoring-switch supervisor={} call={} way={}", Kv.value(user.userName()), Kv.value(callId),
                Kv.value(way.wireName()));
        return Map.of();
    }
}
