package dev.switchboard.core.directory;


/**
 * One switch: a named voice environment.
 *
 * @param id         UUID, stable across restarts of the same data
 * @param monitoring its supervision options
 */
public record VoiceEnvironment(String id, String name, EnvironmentType type, MonitoringSettings monitoring) {

    /** An environment with T-Server's default supervision options. */
    public VoiceEnvironment(String id, String name, EnvironmentType type) {
        this(id, name, type, MonitoringSettings.DEFAULTS);
    }
}
