package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code console} section: defaults, the demo's values, and what is refused. */
class ConsoleConfigTest {

    @Test
    void defaultsAreFiveMinutesNotReadyAMinuteOfWrapUpAndEightyPercent() {
        ContactCenterConfig.ConsoleConfig console = ConfigLoader.parse("t.yaml", ConfigLoaderTest.base().text()).console();
        assertThat(console).isEqualTo(new ContactCenterConfig.ConsoleConfig(300, 60, 15, 600, 60, 80));
        assertThat(ConfigLoader.loadDemo().console()).isEqualTo(console);
    }

    @Test
    void settingsAreRead() {
        ContactCenterConfig.ConsoleConfig console = ConfigLoader.parse("t.yaml", ConfigLoaderTest.base()
                .with("console", "notReadySeconds: 120\nholdSeconds: 30\nserviceLevelTargetPercent: 90\n").text()).console();
        assertThat(console.notReadySeconds()).isEqualTo(120);
        assertThat(console.holdSeconds()).isEqualTo(30);
        assertThat(console.serviceLevelTargetPercent()).isEqualTo(90);
        assertThat(console.callSeconds()).isEqualTo(600);
    }

    @Test
    void badValuesAreRefusedWithTheirPath() {
        refused("callSeconds: 0\n", "console.callSeconds", "at least 1 second");
        refused("serviceLevelTargetPercent: 101\n", "console.serviceLevelTargetPercent", "between 0 and 100");
        refused("alarmSeconds: 5\n", "console.alarmSeconds", "unknown field");
    }

    private static void refused(String console, String path, String reason) {
        assertThatThrownBy(() -> ConfigLoader.parse("t.yaml", ConfigLoaderTest.base().with("console", console).text()))
                .isInstanceOfSatisfying(ConfigException.class, bad -> {
                    assertThat(bad.path()).isEqualTo(path);
                    assertThat(bad.reason()).contains(reason);
                });
    }
}
