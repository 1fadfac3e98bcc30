package dev.switchboard.core.directory;

import java.util.List;

/** The GWS feature names Switchboard checks. Features are plain strings in configuration; these are the ones with meaning. */
public final class Feature {
    public static final String VOICE = "api-voice";
    public static final String SUPERVISOR_MONITORING = "api-supervisor-monitoring";
    public static final String VOICE_RECORDING = "api-voice-recording";

    /** Every feature Switchboard gives meaning to, in the order {@code all} expands to. */
    public static final List<String> ALL = List.of(VOICE, SUPERVISOR_MONITORING, VOICE_RECORDING);

    private Feature() {
    }
}
