package dev.switchboard.core.directory;

/**
 * One switch: a named voice environment.
 *
 * @param id UUID, stable across restarts of the same data
 */
public record VoiceEnvironment(String id, String name, EnvironmentType type) {
}
