package dev.switchboard.core.event;

/** The GWS {@code notificationType} of a call change. */
public enum CallNotification {
    STATUS_CHANGE("StatusChange"),
    PARTICIPANTS_UPDATED("ParticipantsUpdated"),
    ATTACHED_DATA_CHANGED("AttachedDataChanged"),
    DTMF_SENT("DtmfSent"),
    CALL_RECORDING_STATE_CHANGE("CallRecordingStateChange"),
    MONITORED_USER_MUTED_STATE_CHANGE("MonitoredUserMutedStateChange");

    private final String wireName;

    CallNotification(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
