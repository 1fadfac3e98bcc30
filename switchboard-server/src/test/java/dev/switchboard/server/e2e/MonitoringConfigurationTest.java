package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.MonitoringSettings.ConsultCalls;
import dev.switchboard.core.store.InMemoryStore;
import dev.switchboard.server.config.ConfigException;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.DirectoryBuilder;

/**
 * The supervision options of a voice environment ({@code voiceEnvironments[].monitoring}): optional, T-Server's defaults
 * when left out, passed to the switch's {@link MonitoringSettings}, and refused with the path of the bad value.
 */
class MonitoringConfigurationTest {
    private static final String HEAD = """
            server: { demoPasswords: true }
            voiceEnvironments:
              - name: Demo
                type: SipServer
            """;
    private static final String TAIL = """
            places:
              - name: Place5001
                dns: [ { number: "5001", type: Extension } ]
            users:
              - { userName: agent1, roles: [ROLE_AGENT], features: [api-voice], password: password, place: Place5001 }
            """;

    private static MonitoringSettings settings(String monitoring) {
        Directory directory = DirectoryBuilder.build(ConfigLoader.parse("test.yaml", HEAD + monitoring + TAIL), new InMemoryStore(),
                null);
        return directory.environmentByName("Demo").orElseThrow().monitoring();
    }

    @Test
    void theDemoAndAnEnvironmentWithoutMonitoringHaveTServersDefaults() {
        Directory demo = DirectoryBuilder.build(ConfigLoader.loadDemo(), new InMemoryStore(), null);
        assertThat(demo.environmentByName("Demo").orElseThrow().monitoring()).isEqualTo(MonitoringSettings.DEFAULTS);
        assertThat(settings("")).isEqualTo(MonitoringSettings.DEFAULTS);
        assertThat(settings("    monitoring:\n")).isEqualTo(MonitoringSettings.DEFAULTS);
        assertThat(MonitoringSettings.DEFAULTS).isEqualTo(new MonitoringSettings(ConsultCalls.NONE, true, false));
    }

    @Test
    void everyOptionIsPassedToTheSwitch() {
        assertThat(settings("""
                    monitoring: { monitorConsultCalls: all, intrusionEnabled: false, listenInIntrudes: true }
                """)).isEqualTo(new MonitoringSettings(ConsultCalls.ALL, false, true));
        assertThat(settings("    monitoring: { monitorConsultCalls: dest }\n"))
                .isEqualTo(new MonitoringSettings(ConsultCalls.DEST, true, false));
        assertThat(settings("    monitoring: { monitorConsultCalls: orig, listenInIntrudes: true }\n"))
                .isEqualTo(new MonitoringSettings(ConsultCalls.ORIG, true, true));
        assertThat(settings("    monitoring: { intrusionEnabled: false }\n"))
                .isEqualTo(new MonitoringSettings(ConsultCalls.NONE, false, false));
        assertThat(settings("    monitoring: { agentNotification: \"coach+barge\" }\n"))
                .isEqualTo(new MonitoringSettings(ConsultCalls.NONE, true, false, MonitoringSettings.AgentNotification.COACH_BARGE));
        assertThat(settings("    monitoring: { agentNotification: off }\n").agentNotification())
                .isEqualTo(MonitoringSettings.AgentNotification.OFF);
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("    monitoring: { agentNotification: never }\n", "voiceEnvironments[0].monitoring.agentNotification",
                        "unknown value 'never': off, listen, coach+barge or always"),
                Arguments.of("    monitoring: { monitorConsultCalls: sometimes }\n", "voiceEnvironments[0].monitoring.monitorConsultCalls",
                        "unknown value 'sometimes': none, dest, orig or all"),
                Arguments.of("    monitoring: { monitorConsultCalls: NONE }\n", "voiceEnvironments[0].monitoring.monitorConsultCalls",
                        "unknown value 'NONE'"),
                Arguments.of("    monitoring: { intrusionEnabled: maybe }\n", "voiceEnvironments[0].monitoring.intrusionEnabled",
                        "expected true or false"),
                Arguments.of("    monitoring: { listenInIntrudes: [true] }\n", "voiceEnvironments[0].monitoring.listenInIntrudes",
                        "expected true or false"),
                Arguments.of("    monitoring: { intrusion: true }\n", "voiceEnvironments[0].monitoring.intrusion",
                        "unknown field 'intrusion'"),
                Arguments.of("    monitoring: 5\n", "voiceEnvironments[0].monitoring", "expected a mapping (monitoring)"),
                Arguments.of("    monitoring: [all]\n", "voiceEnvironments[0].monitoring", "expected a mapping (monitoring)"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badOptions")
    void badOptionsAreRefusedWithTheirPath(String monitoring, String path, String reason) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("test.yaml", HEAD + monitoring + TAIL));

        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.file()).isEqualTo("test.yaml");
        assertThat(refused.path()).isEqualTo(path);
        assertThat(refused.reason()).contains(reason);
    }

    @Test
    void theSecondEnvironmentIsNamedByItsIndex() {
        String yaml = HEAD + """
                  - name: Other
                    type: SipCluster
                    monitoring: { monitorConsultCalls: both }
                """ + TAIL.replace("- name: Place5001\n", "- name: Place5001\n    environment: Demo\n");
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("test.yaml", yaml));

        assertThat(refused.path()).isEqualTo("voiceEnvironments[1].monitoring.monitorConsultCalls");
    }
}
