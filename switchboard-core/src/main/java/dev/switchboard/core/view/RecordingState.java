package dev.switchboard.core.view;

/** The recording state of a call (GWS {@code recordingState}). */
public enum RecordingState {
    STOPPED("Stopped"),
    RECORDING("Recording"),
    PAUSED("Paused");

    private final String wireName;

    RecordingState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
