package dev.switchboard.core.supervision;

import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import java.util.Objects;

/**
 * A supervisor's request to monitor a number: an agent's device, or a routing point or ACD queue.
 *
 * @param targetNumber the monitored number
 */
public record MonitoringRequest(MonitoringType type, MonitoringScope scope, MonitoringMode mode, String targetNumber) {

    public MonitoringRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(targetNumber, "targetNumber");
    }
}
