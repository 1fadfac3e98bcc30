package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.config.ContactCenterConfig.DnConfig;
import dev.switchboard.server.config.ContactCenterConfig.EnvironmentConfig;
import dev.switchboard.server.config.ContactCenterConfig.GroupConfig;
import dev.switchboard.server.config.ContactCenterConfig.PlaceConfig;
import dev.switchboard.server.config.ContactCenterConfig.UserConfig;

/**
 * Bad supervisor-monitoring requests against a real server, each asserting the HTTP status, statusCode and message,
 * and that nothing changed: sessions, devices, calls of every user, every live call as the switch sees it, and every
 * monitoring subscription.
 *
 * <p>The server runs the demo contact center plus: {@code supervisor3}, who supervises Sales but lacks feature
 * {@code api-supervisor-monitoring}; routing point 7100 and queue 8100 for Support (supervised by nobody); and a second
 * voice environment {@code Other} with {@code agent9} of Sales on device 6001.
 *
 * <p>Two scenes. Monitoring: supervisor1 listens in on agent2, who is on a call with a customer, and has muted agent2;
 * supervisor2 has barged in on agent3's call with another customer; agent1 is logged in and idle. Idle: supervisor1,
 * agent1 and agent2 are logged in, nobody monitors, supervisor2 has no session.
 */
class MonitoringBadInputEndToEndTest extends EndToEndTest {
    private static final String UNKNOWN_DEVICE = "00000000-0000-0000-0000-000000000000";
    private static final String UNKNOWN_CALL = "0123456789ABCDEF0123456789ABCDEF";

    /** The ids the cases need. */
    private record Scene(Map<String, String> devices, String agent2Call, String agent3Call) {
        String device(String userName) {
            return devices.get(userName);
        }

        String uri(String userName) {
            return server.baseUrl() + "/api/v2/devices/" + devices.get(userName);
        }
    }

    /** One bad request: the scene, who sends it, where, with what, and the expected answer. */
    private record Case(String name, boolean monitoringScene, String user, Function<Scene, String> path,
                        Function<Scene, Object[]> body, int httpStatus, int statusCode, String messageFragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void restartWithTheExtendedDemo() throws Exception {
        server.close();
        server = SwitchboardServer.start(new SwitchboardServer.Options(extendedDemo(), dataDir.resolve("monitoring"), 0, null, 0));
    }

    /** The demo plus supervisor3, a Support routing point and queue, and a second voice environment (see the class). */
    static ContactCenterConfig extendedDemo() {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        List<EnvironmentConfig> environments = new ArrayList<>();
        EnvironmentConfig demoEnvironment = demo.voiceEnvironments().get(0);
        List<DnConfig> dns = new ArrayList<>(demoEnvironment.dns());
        dns.add(new DnConfig("7100", "RoutingPoint", "8100", null, null));
        dns.add(new DnConfig("8100", "ACDQueue", null, "Support", null));
        environments.add(new EnvironmentConfig(demoEnvironment.name(), demoEnvironment.type(), dns, demoEnvironment.monitoring()));
        environments.add(new EnvironmentConfig("Other", "SipServer", List.of(), null));
        List<PlaceConfig> places = new ArrayList<>();
        for (PlaceConfig place : demo.places()) {
            places.add(new PlaceConfig(place.name(), "Demo", place.dns()));
        }
        places.add(new PlaceConfig("Place5008", "Demo", List.of(new DnConfig("5008", "Extension", null, null, null))));
        places.add(new PlaceConfig("Place6001", "Other", List.of(new DnConfig("6001", "Extension", null, null, null))));
        List<UserConfig> users = new ArrayList<>(demo.users());
        users.add(new UserConfig("supervisor3", null, null, null, List.of("ROLE_SUPERVISOR", "ROLE_AGENT"), List.of("api-voice"),
                "password", null, "Place5008"));
        users.add(new UserConfig("agent9", null, null, null, List.of("ROLE_AGENT"), List.of("api-voice"), "password", null,
                "Place6001"));
        List<GroupConfig> groups = new ArrayList<>();
        for (GroupConfig group : demo.agentGroups()) {
            if (group.name().equals("Sales")) {
                List<String> members = new ArrayList<>(group.members());
                members.add("agent9");
                List<String> supervisors = new ArrayList<>(group.supervisors());
                supervisors.add("supervisor3");
                groups.add(new GroupConfig(group.name(), members, supervisors, group.wrapUpSeconds()));
            } else {
                groups.add(group);
            }
        }
        return new ContactCenterConfig(demo.server(), demo.compatibility(), environments, places, users, groups);
    }

    private static Object[] body(String operation, Object... fields) {
        Object[] body = new Object[fields.length + 1];
        body[0] = operation;
        System.arraycopy(fields, 0, body, 1, fields.length);
        return body;
    }

    /** A monitoring request by supervisor1 on their own device, in the monitoring scene. */
    private static Case bySupervisor1(String name, Function<Scene, Object[]> body, int httpStatus, int statusCode, String fragment) {
        return new Case(name, true, "supervisor1", scene -> "/api/v2/me/devices/" + scene.device("supervisor1"), body, httpStatus,
                statusCode, fragment);
    }

    private static Case onCall(String name, String user, Function<Scene, String> callId, String operation, int httpStatus,
                               int statusCode, String fragment) {
        return new Case(name, true, user, scene -> "/api/v2/me/calls/" + callId.apply(scene), scene -> body(operation), httpStatus,
                statusCode, fragment);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String op : new String[] {"ListenIn", "Coach", "BargeIn"}) {
            cases.add(bySupervisor1(op + ": no target", s -> body(op, "supervisorMonitoringMode", "AllCalls"), 400, 1,
                    "'targetDeviceUri' or 'phoneNumber'"));
            cases.add(bySupervisor1(op + ": targetDeviceUri null and no phoneNumber", s -> body(op, "targetDeviceUri", null), 400, 1,
                    "'targetDeviceUri' or 'phoneNumber'"));
            cases.add(bySupervisor1(op + ": targetDeviceUri a number", s -> body(op, "targetDeviceUri", 5001), 400, 2,
                    "targetDeviceUri"));
            cases.add(bySupervisor1(op + ": targetDeviceUri an object", s -> body(op, "targetDeviceUri", Map.of("uri", s.uri("agent1"))),
                    400, 2, "targetDeviceUri"));
            cases.add(bySupervisor1(op + ": targetDeviceUri empty", s -> body(op, "targetDeviceUri", ""), 400, 2, "targetDeviceUri"));
            cases.add(bySupervisor1(op + ": targetDeviceUri a user URI",
                    s -> body(op, "targetDeviceUri", server.baseUrl() + "/api/v2/users/0123"), 400, 2, "device URI"));
            cases.add(bySupervisor1(op + ": phoneNumber a number", s -> body(op, "phoneNumber", 5001), 400, 2, "phoneNumber"));
            cases.add(bySupervisor1(op + ": phoneNumber not digits", s -> body(op, "phoneNumber", "50O1"), 400, 2, "phoneNumber"));
            cases.add(bySupervisor1(op + ": scope a boolean", s -> body(op, "phoneNumber", "5001", "supervisorMonitoringScope", true),
                    400, 2, "supervisorMonitoringScope"));
            cases.add(bySupervisor1(op + ": scope unknown", s -> body(op, "phoneNumber", "5001", "supervisorMonitoringScope", "Team"),
                    400, 2, "Team"));
            cases.add(bySupervisor1(op + ": scope in the wrong case",
                    s -> body(op, "phoneNumber", "5001", "supervisorMonitoringScope", "call"), 400, 2, "supervisorMonitoringScope"));
            cases.add(bySupervisor1(op + ": mode a number", s -> body(op, "phoneNumber", "5001", "supervisorMonitoringMode", 1), 400, 2,
                    "supervisorMonitoringMode"));
            cases.add(bySupervisor1(op + ": mode unknown", s -> body(op, "phoneNumber", "5001", "supervisorMonitoringMode", "Sometimes"),
                    400, 2, "Sometimes"));
            cases.add(bySupervisor1(op + ": mode empty", s -> body(op, "phoneNumber", "5001", "supervisorMonitoringMode", ""), 400, 2,
                    "supervisorMonitoringMode"));
            cases.add(bySupervisor1(op + ": unknown target device",
                    s -> body(op, "targetDeviceUri", server.baseUrl() + "/api/v2/devices/" + UNKNOWN_DEVICE), 404, 6, UNKNOWN_DEVICE));
            cases.add(bySupervisor1(op + ": unknown number", s -> body(op, "phoneNumber", "5999"), 404, 6, "5999"));
            cases.add(bySupervisor1(op + ": URI and number name different devices",
                    s -> body(op, "targetDeviceUri", s.uri("agent1"), "phoneNumber", "5004"), 400, 2, "different"));
            cases.add(bySupervisor1(op + ": URI names a device, number a routing point",
                    s -> body(op, "targetDeviceUri", s.uri("agent1"), "phoneNumber", "7000"), 400, 2, "different"));
            cases.add(bySupervisor1(op + ": own device by URI", s -> body(op, "targetDeviceUri", s.uri("supervisor1")), 400, 2,
                    "own device"));
            cases.add(bySupervisor1(op + ": own device by number", s -> body(op, "phoneNumber", "5005"), 400, 2, "own device"));
            cases.add(bySupervisor1(op + ": another supervisor's device", s -> body(op, "targetDeviceUri", s.uri("supervisor2")), 403, 5,
                    "supervisor2"));
            cases.add(bySupervisor1(op + ": an agent outside the supervisor's groups", s -> body(op, "phoneNumber", "5007"), 403, 5,
                    "agent5"));
            cases.add(bySupervisor1(op + ": a routing point of another group", s -> body(op, "phoneNumber", "7100"), 403, 5,
                    "Routing point 7100"));
            cases.add(bySupervisor1(op + ": a queue of another group", s -> body(op, "phoneNumber", "8100"), 403, 5, "Queue 8100"));
            cases.add(bySupervisor1(op + ": a device of another voice environment",
                    s -> body(op, "targetDeviceUri", server.baseUrl() + "/api/v2/devices/" + deviceOf("agent9")), 400, 2,
                    "voice environment"));
            cases.add(bySupervisor1(op + ": a number of another voice environment", s -> body(op, "phoneNumber", "6001"), 404, 6,
                    "6001"));
            cases.add(new Case(op + " by an agent", true, "agent1", s -> "/api/v2/me/devices/" + s.device("agent1"),
                    s -> body(op, "phoneNumber", "5004"), 403, 5, "supervisor role"));
            cases.add(new Case(op + " by a supervisor without api-supervisor-monitoring", true, "supervisor3",
                    s -> "/api/v2/me/devices/" + deviceOf("supervisor3"), s -> body(op, "phoneNumber", "5004"), 403, 5,
                    "api-supervisor-monitoring"));
            cases.add(new Case(op + " on a target another supervisor monitors", true, "supervisor2",
                    s -> "/api/v2/me/devices/" + s.device("supervisor2"), s -> body(op, "targetDeviceUri", s.uri("agent2")), 403, 3,
                    "already monitored"));
            cases.add(new Case(op + " without a contact center session", false, "supervisor2",
                    s -> "/api/v2/me/devices/" + deviceOf("supervisor2"), s -> body(op, "phoneNumber", "5001"), 403, 3, "session"));
            cases.add(new Case(op + " from another user's device", true, "supervisor2",
                    s -> "/api/v2/me/devices/" + s.device("supervisor1"), s -> body(op, "phoneNumber", "5001"), 404, 6, "not found"));
        }
        cases.add(new Case("CancelSupervisorMonitoring without monitoring", false, "supervisor1",
                s -> "/api/v2/me/devices/" + s.device("supervisor1"), s -> body("CancelSupervisorMonitoring"), 403, 3, "No supervisor"));
        cases.add(new Case("CancelSupervisorMonitoring without a contact center session", false, "supervisor2",
                s -> "/api/v2/me/devices/" + deviceOf("supervisor2"), s -> body("CancelSupervisorMonitoring"), 403, 3, "No supervisor"));
        cases.add(new Case("CancelSupervisorMonitoring by an agent", true, "agent1", s -> "/api/v2/me/devices/" + s.device("agent1"),
                s -> body("CancelSupervisorMonitoring"), 403, 5, "supervisor role"));
        cases.add(new Case("CancelSupervisorMonitoring by a supervisor without the feature", true, "supervisor3",
                s -> "/api/v2/me/devices/" + deviceOf("supervisor3"), s -> body("CancelSupervisorMonitoring"), 403, 5,
                "api-supervisor-monitoring"));
        cases.add(new Case("CancelSupervisorMonitoring on another user's device", true, "supervisor2",
                s -> "/api/v2/me/devices/" + s.device("supervisor1"), s -> body("CancelSupervisorMonitoring"), 404, 6, "not found"));
        // Operations on the monitoring calls.
        cases.add(onCall("SwitchToListenIn while listening in", "supervisor1", Scene::agent2Call, "SwitchToListenIn", 403, 3,
                "SwitchToListenIn"));
        cases.add(onCall("SwitchToBargeIn while barged in", "supervisor2", Scene::agent3Call, "SwitchToBargeIn", 403, 3,
                "SwitchToBargeIn"));
        cases.add(onCall("MuteMonitoredUser when muted", "supervisor1", Scene::agent2Call, "MuteMonitoredUser", 403, 3,
                "MuteMonitoredUser"));
        cases.add(onCall("UnmuteMonitoredUser when not muted", "supervisor2", Scene::agent3Call, "UnmuteMonitoredUser", 403, 3,
                "UnmuteMonitoredUser"));
        cases.add(new Case("RemoveParticipantFromConference while listening in", true, "supervisor1",
                s -> "/api/v2/me/calls/" + s.agent2Call(), s -> body("RemoveParticipantFromConference", "participant", "5551001"), 403,
                3, "RemoveParticipantFromConference"));
        for (String op : new String[] {"SwitchToListenIn", "SwitchToBargeIn", "MuteMonitoredUser", "UnmuteMonitoredUser"}) {
            cases.add(onCall(op + " by the monitored agent (no api-supervisor-monitoring)", "agent2", Scene::agent2Call, op, 403, 5,
                    "api-supervisor-monitoring"));
            cases.add(onCall(op + " on another supervisor's monitoring call", "supervisor2", Scene::agent2Call, op, 404, 6,
                    "not found"));
            cases.add(onCall(op + " on an unknown call", "supervisor1", s -> UNKNOWN_CALL, op, 404, 6, UNKNOWN_CALL));
            cases.add(new Case(op + " by a user without a session", false, "supervisor2", s -> "/api/v2/me/calls/" + UNKNOWN_CALL,
                    s -> body(op), 404, 6, "not found"));
        }
        // Unknown operation names.
        for (String op : new String[] {"listenIn", "Listenin", "Monitor", "CancelMonitoring", "SwitchToCoach", "MuteMonitoredUser"}) {
            cases.add(bySupervisor1("unknown device operation " + op, s -> body(op, "phoneNumber", "5001"), 400, 2, op));
        }
        for (String op : new String[] {"SwitchToCoach", "switchToBargeIn", "ListenIn", "BargeIn"}) {
            cases.add(onCall("unknown call operation " + op, "supervisor1", Scene::agent2Call, op, 400, 2, op));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badMonitoringInputIsRefusedAndChangesNothing(Case badCase) throws Exception {
        Scene scene = badCase.monitoringScene() ? monitoringScene() : idleScene();
        Object before = snapshot();

        Object[] body = badCase.body().apply(scene);
        Reply reply = client(badCase.user(), GwsClient.Auth.BASIC).operation(badCase.path().apply(scene), (String) body[0],
                Arrays.copyOfRange(body, 1, body.length));

        reply.assertError(badCase.httpStatus(), badCase.statusCode());
        assertThat(reply.statusMessage()).as(badCase.name()).containsIgnoringCase(badCase.messageFragment());
        assertThat(snapshot()).as("%s changed nothing", badCase.name()).isEqualTo(before);
    }

    private static GwsClient started(String userName) {
        GwsClient client = new GwsClient(http, server.baseUrl(), userName, "password", GwsClient.Auth.BASIC);
        client.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        return client;
    }

    /** See the class: supervisor1 listens in on agent2's call and muted agent2; supervisor2 barged in on agent3's. */
    private static Scene monitoringScene() throws Exception {
        GwsClient supervisor1 = started("supervisor1");
        GwsClient supervisor2 = started("supervisor2");
        started("agent1");
        GwsClient agent2 = started("agent2");
        GwsClient agent3 = started("agent3");
        Scene ids = new Scene(devices("supervisor1", "supervisor2", "agent1", "agent2", "agent3"), null, null);
        supervisor1.operation("/api/v2/me/devices/" + ids.device("supervisor1"), "ListenIn", "targetDeviceUri", ids.uri("agent2"))
                .assertOk();
        String agent2Call = customerCall("5551001", "5002");
        agent2.operation("/api/v2/me/calls/" + agent2Call, "Answer").assertOk();
        supervisor1.operation("/api/v2/me/calls/" + agent2Call, "MuteMonitoredUser").assertOk();
        String agent3Call = customerCall("5551002", "5003");
        agent3.operation("/api/v2/me/calls/" + agent3Call, "Answer").assertOk();
        supervisor2.operation("/api/v2/me/devices/" + ids.device("supervisor2"), "BargeIn", "phoneNumber", "5003").assertOk();
        ContactCenter contactCenter = server.contactCenter();
        assertThat(contactCenter.subscriptions()).hasSize(2);
        assertThat(contactCenter.call(agent2Call).orElseThrow().party("5005")).isPresent();
        assertThat(contactCenter.call(agent3Call).orElseThrow().party("5006")).isPresent();
        return new Scene(ids.devices(), agent2Call, agent3Call);
    }

    /** See the class: nobody monitors; supervisor2 has no session. */
    private static Scene idleScene() {
        started("supervisor1");
        started("agent1");
        started("agent2");
        assertThat(server.contactCenter().subscriptions()).isEmpty();
        return new Scene(devices("supervisor1", "agent1", "agent2"), null, null);
    }

    private static String customerCall(String from, String to) throws Exception {
        Switch demo = server.contactCenter().switchNamed("Demo").orElseThrow();
        return ((Outcome.Accepted) demo.customerCall(from, to, Map.of()).get(10, TimeUnit.SECONDS)).id();
    }

    private static Map<String, String> devices(String... userNames) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (String userName : userNames) {
            devices.put(userName, deviceOf(userName));
        }
        return devices;
    }

    /** The user's device: the one of their session, or without one their default device. */
    private static String deviceOf(String userName) {
        ContactCenter contactCenter = server.contactCenter();
        User user = contactCenter.directory().userByName(userName).orElseThrow();
        return contactCenter.devicesOf(user).get(0).id();
    }

    /** Everything a bad request could change: sessions, devices, calls, live calls and monitoring subscriptions. */
    private static Object snapshot() throws Exception {
        ContactCenter contactCenter = server.contactCenter();
        Map<String, Object> state = new LinkedHashMap<>();
        for (User user : contactCenter.directory().users()) {
            state.put(user.userName(), List.of(contactCenter.sessionPlace(user), contactCenter.devicesOf(user),
                    contactCenter.callsOf(user)));
        }
        List<CallSnapshot> calls = new ArrayList<>();
        for (Switch voiceSwitch : contactCenter.switches()) {
            calls.addAll(voiceSwitch.liveCalls().get(10, TimeUnit.SECONDS));
        }
        state.put("calls", calls);
        state.put("subscriptions", contactCenter.subscriptions());
        return state;
    }
}
