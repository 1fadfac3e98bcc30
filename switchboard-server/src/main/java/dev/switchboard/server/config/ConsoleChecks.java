package dev.switchboard.server.config;

import dev.switchboard.server.config.ContactCenterConfig.ConsoleConfig;

/** Checks the {@code console} section of a configuration (called by {@link ConfigLoader}). */
final class ConsoleChecks {

    private ConsoleChecks() {
    }

    static void check(String file, ContactCenterConfig config) {
        ConsoleConfig console = config.console();
        positive(file, "console.notReadySeconds", console.notReadySeconds());
        positive(file, "console.afterCallWorkSeconds", console.afterCallWorkSeconds());
        positive(file, "console.ringingSeconds", console.ringingSeconds());
        positive(file, "console.callSeconds", console.callSeconds());
        positive(file, "console.holdSeconds", console.holdSeconds());
        int target = console.serviceLevelTargetPercent();
        if (target < 0 || target > 100) {
            throw new ConfigException(file, "console.serviceLevelTargetPercent", "must be between 0 and 100, not " + target);
        }
    }

    private static void positive(String file, String path, int seconds) {
        if (seconds < 1) {
            throw new ConfigException(file, path, "must be at least 1 second, not " + seconds);
        }
    }
}
