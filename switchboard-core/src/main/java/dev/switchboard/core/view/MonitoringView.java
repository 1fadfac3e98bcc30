package dev.switchboard.core.view;

import java.time.Instant;

/**
 * A supervisor's monitoring subscription as its device shows it (GWS {@code supervisorMonitoringState}).
 *
 * @param type           the way of monitoring asked for; SwitchToListenIn / SwitchToBargeIn change only the current call's
 *                       (its {@code CallView#monitoring}), and each new call starts with this one again
 * @param targetDeviceId the monitored device, or {@code null} for a routing point or queue
 * @param targetNumber   the monitored number
 * @param switchName     the voice environment of the monitored number
 * @param supervisorUserId who created it
 * @param created        when
 */
public record MonitoringView(MonitoringType type, MonitoringMode mode, MonitoringScope scope, String targetDeviceId,
                             String targetNumber, String switchName, String supervisorUserId, Instant created) {
}
