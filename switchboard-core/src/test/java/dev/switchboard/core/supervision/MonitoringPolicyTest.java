package dev.switchboard.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

/**
 * The monitoring policy as a table: who asks (and whether they are logged in on their device), what they name (a
 * device with or without its agent logged in, monitored by someone else or not, a routing point, a queue), how (way
 * and scope) and on which kind of switch, against the first check that refuses — or none.
 */
class MonitoringPolicyTest {
    private static final Directory SALES = TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER, MonitoringSettings.DEFAULTS);
    private static final Directory CLUSTER = TestDirectory.buildWithSupport(EnvironmentType.SIP_CLUSTER, MonitoringSettings.DEFAULTS);
    private static final Instant NOW = Instant.parse("2025-01-06T09:00:00Z");

    /** One row: the asker and their state, the target and its state, the request, the switch, and the verdict. */
    static Stream<Arguments> table() {
        return Stream.of(
                // supervisor, logged in, target, its user, monitored by, way, scope, cluster -> verdict
                row("supervisor1", true, "5001", "agent1", null, "ListenIn", "Call", false, "allowed"),
                row("supervisor1", true, "5001", null, null, "Coach", "Agent", false, "allowed"),
                row("supervisor1", true, "5001", "agent1", "supervisor1", "BargeIn", "Call", false, "allowed"),
                row("supervisor1", false, "5001", "agent1", null, "ListenIn", "Call", false,
                        "STATE NOT_IN_CAPABILITIES Start a contact center session before monitoring"),
                row("supervisor1", true, "5001", "agent1", "supervisor2", "ListenIn", "Call", false,
                        "STATE NOT_IN_CAPABILITIES Device 5001 is already monitored by another supervisor"),
                row("supervisor1", true, "5006", "agent5", null, "ListenIn", "Call", false,
                        "AUTHORIZATION NOT_PERMITTED User 'supervisor1' does not supervise a group of agent 'agent5' (device 5006)"),
                row("supervisor2", true, "5006", "agent5", null, "ListenIn", "Call", false, "allowed"),
                row("supervisor1", true, "5005", "supervisor1", null, "ListenIn", "Call", false,
                        "AUTHORIZATION INVALID_PARAMETER A supervisor cannot monitor their own device"),
                row("supervisor1", true, "5201", null, null, "ListenIn", "Call", false,
                        "AUTHORIZATION NOT_PERMITTED Device 5201 belongs to no agent that user 'supervisor1' supervises"),
                row("agent1", true, "5002", "agent2", null, "ListenIn", "Call", false,
                        "AUTHORIZATION NOT_PERMITTED User 'agent1' has no supervisor role"),
                row("supervisor1", true, "7000", null, null, "BargeIn", "Agent", false, "allowed"),
                row("supervisor1", true, "8000", null, null, "Coach", "Call", false, "allowed"),
                row("supervisor1", true, "7000", null, null, "ListenIn", "Call", true, "allowed"),
                row("supervisor1", true, "7000", null, null, "Coach", "Call", true,
                        "STATE INVALID_PARAMETER In a SIP Cluster a routing point or queue is monitored with ListenIn only"),
                row("supervisor1", true, "8000", null, null, "ListenIn", "Agent", true,
                        "STATE INVALID_PARAMETER In a SIP Cluster a routing point or queue is monitored with scope Call only"),
                row("supervisor1", true, "5001", "agent1", null, "Coach", "Agent", true, "allowed"),
                // Authorization comes first: an outsider's target is refused as such even if it is also busy.
                row("supervisor1", false, "5006", "agent5", "supervisor2", "ListenIn", "Call", false,
                        "AUTHORIZATION NOT_PERMITTED User 'supervisor1' does not supervise a group of agent 'agent5' (device 5006)"));
    }

    private static Arguments row(String supervisor, boolean loggedIn, String target, String targetUser, String monitoredBy,
                                 String way, String scope, boolean cluster, String verdict) {
        return Arguments.of(supervisor, loggedIn, target, targetUser, monitoredBy, way, scope, cluster, verdict);
    }

    @ParameterizedTest(name = "{0} (session {1}) {5}/{6} on {2} (user {3}, monitored by {4}), cluster {7}: {8}")
    @MethodSource("table")
    void decides(String supervisorName, boolean loggedIn, String target, String targetUser, String monitoredBy, String way,
                 String scope, boolean cluster, String verdict) {
        Directory directory = cluster ? CLUSTER : SALES;
        VoiceEnvironment environment = directory.environmentByName(TestDirectory.ENVIRONMENT).orElseThrow();
        User supervisor = user(directory, supervisorName);
        Dn supervisorDn = directory.dnsOf(directory.placeByName(supervisor.defaultPlace()).orElseThrow()).get(0);
        DeviceView supervisorDevice = device(supervisorDn, loggedIn ? supervisor.id() : null, null);
        Dn targetDn = directory.dnByNumber(TestDirectory.ENVIRONMENT, target).orElseThrow();
        DeviceView targetDevice = targetDn.type().isAgentDevice()
                ? device(targetDn, targetUser == null ? null : user(directory, targetUser).id(),
                        monitoredBy == null ? null : user(directory, monitoredBy).id())
                : null;
        MonitoringPolicy.Ask ask = new MonitoringPolicy.Ask(supervisor, supervisorDevice, targetDn, targetDevice,
                MonitoringType.fromWireName(way), MonitoringScope.fromWireName(scope));

        Optional<MonitoringPolicy.Denial> denial = MonitoringPolicy.check(directory, environment, ask);

        assertThat(denial.map(d -> d.stage() + " " + d.reason() + " " + d.message()).orElse("allowed")).isEqualTo(verdict);
    }

    private static User user(Directory directory, String name) {
        return directory.userByName(name).orElseThrow();
    }

    private static DeviceView device(Dn dn, String userId, String monitoredBy) {
        return new DeviceView(dn, userId, userId == null ? AgentState.LOGGED_OUT : AgentState.NOT_READY, null, false, null, NOW, null,
                monitoredBy);
    }
}
