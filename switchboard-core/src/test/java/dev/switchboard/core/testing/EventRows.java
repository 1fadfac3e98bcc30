package dev.switchboard.core.testing;

import java.util.List;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringView;

/**
 * Switch events as compact rows, so that a model test can assert the exact ordered events of every party as a table.
 *
 * <ul>
 *   <li>{@link CallStateChanged}: {@code "5001 StatusChange Established Internal [5002]"} = device number,
 *       notificationType, state, callType, participants; then {@code muted} when the party is muted, and for
 *       {@code AttachedDataChanged} the user data ({@code {k=v}}), for {@code CallRecordingStateChange} the recording
 *       state, for {@code DtmfSent} the digits.</li>
 *   <li>{@link DeviceStateChanged}: {@code "5001 AGENT_STATE AFTER_CALL_WORK"} = device number, change, agent state;
 *       then {@code dnd} and {@code forward=NUMBER} when on.</li>
 *   <li>{@link CallFailed}: {@code "5001 CallFailed 56"} = the number of the user's default place's first DN (the user
 *       name when they have none), the error code.</li>
 *   <li>{@link CallChanged} (the simulator's, not a client's): left out by {@link #rows}.</li>
 * </ul>
 *
 * <p>{@link #supervisionRows} adds what supervisor monitoring shows: a monitoring device row ends with its
 * {@code supervisorMonitoringState} ({@code "5005 MONITORING NOT_READY ListenIn/NextCall/Call/5001"}) or {@code off}
 * when it has none; a call row ends with {@code as ListenIn} on a supervisor's monitoring leg, {@code listened} when
 * the call carries {@code supervisorListeningIn} and {@code userMuted} when it carries {@code monitoredUserMuted}.
 */
public final class EventRows {

    private EventRows() {
    }

    /** The rows of {@code events} in order, leaving out {@link CallChanged} and the audit's {@link MonitoringEvent}s. */
    public static List<String> rows(Directory directory, List<SwitchEvent> events) {
        return events.stream().filter(event -> !(event instanceof CallChanged) && !(event instanceof MonitoringEvent))
                .map(event -> row(directory, event)).toList();
    }

    /** The audit rows of {@code events} in order: "supervisor1 JOIN ListenIn", "supervisor1 END cancelled…". */
    public static List<String> auditRows(Directory directory, List<SwitchEvent> events) {
        return events.stream().filter(MonitoringEvent.class::isInstance).map(event -> row(directory, event)).toList();
    }

    /**
     * The rows of {@code events} in order like {@link #rows}, with the monitoring state of monitoring device rows and the
     * monitoring flags of call rows (see the class comment).
     */
    public static List<String> supervisionRows(Directory directory, List<SwitchEvent> events) {
        return events.stream().filter(event -> !(event instanceof CallChanged) && !(event instanceof MonitoringEvent))
                .map(event -> supervisionRow(directory, event)).toList();
    }

    /** The row of one event with what supervisor monitoring shows (see the class comment). */
    public static String supervisionRow(Directory directory, SwitchEvent event) {
        String row = row(directory, event);
        if (event instanceof CallStateChanged changed) {
            CallView call = changed.call();
            return row + (call.monitoring() == null ? "" : " as " + call.monitoring().wireName())
                    + (call.supervisorListeningIn() ? " listened" : "") + (call.monitoredUserMuted() ? " userMuted" : "");
        }
        if (event instanceof DeviceStateChanged changed && changed.change() == DeviceChange.MONITORING) {
            MonitoringView monitoring = changed.device().monitoring();
            return row + " " + (monitoring == null ? "off" : monitoring.type().wireName() + "/" + monitoring.mode().wireName() + "/"
                    + monitoring.scope().wireName() + "/" + monitoring.targetNumber());
        }
        return row;
    }

    /** The row of one event. */
    public static String row(Directory directory, SwitchEvent event) {
        if (event instanceof CallStateChanged changed) {
            return callRow(changed);
        }
        if (event instanceof DeviceStateChanged changed) {
            DeviceView device = changed.device();
            return device.number() + " " + changed.change() + " " + device.agentState()
                    + (device.doNotDisturb() ? " dnd" : "") + (device.forwardTo() == null ? "" : " forward=" + device.forwardTo());
        }
        if (event instanceof CallFailed failed) {
            return who(directory, failed.userId()) + " CallFailed " + failed.errorCode();
        }
        if (event instanceof CallChanged changed) {
            return "CallChanged " + changed.call().id();
        }
        if (event instanceof MonitoringEvent monitoring) {
            return who(directory, monitoring.supervisorUserId()) + " " + monitoring.kind()
                    + (monitoring.detail() == null ? "" : " " + monitoring.detail());
        }
        throw new IllegalArgumentException("Unknown event " + event);
    }

    /** The row of a call notification (see the class comment). */
    public static String callRow(CallStateChanged changed) {
        CallView call = changed.call();
        StringBuilder row = new StringBuilder()
                .append(call.phoneNumber()).append(' ')
                .append(changed.notification().wireName()).append(' ')
                .append(call.state().wireName()).append(' ')
                .append(call.callType().wireName()).append(' ')
                .append(call.participants());
        if (call.muted()) {
            row.append(" muted");
        }
        switch (changed.notification()) {
            case ATTACHED_DATA_CHANGED -> row.append(' ').append(call.userData());
            case CALL_RECORDING_STATE_CHANGE -> row.append(' ').append(call.recordingState().wireName());
            case DTMF_SENT -> row.append(' ').append(changed.digits());
            default -> {
                // StatusChange and ParticipantsUpdated: the five columns say it all.
            }
        }
        return row.toString();
    }

    private static String who(Directory directory, String userId) {
        User user = directory.userById(userId).orElse(null);
        if (user == null) {
            return userId;
        }
        if (user.defaultPlace() == null) {
            return user.userName();
        }
        return directory.placeByName(user.defaultPlace())
                .map(place -> directory.dnsOf(place).stream().findFirst().map(Dn::number).orElse(user.userName()))
                .orElse(user.userName());
    }
}
