package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.store.InMemoryStore;

/**
 * The demo contact center is the one of docs/compatibility.md, and every configuration that cannot run is refused before
 * anything starts, naming the file, the path inside it and the reason.
 */
class ConfigLoaderTest {
    private static final String FILE = "test.yaml";
    /** A well-formed bcrypt hash; cost 4 keeps it cheap to make. */
    private static final String HASH = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());

    // ---------------------------------------------------------------------------------------------------------------
    // The demo contact center
    // ---------------------------------------------------------------------------------------------------------------

    /** One row of the users table of docs/compatibility.md. */
    record DemoUser(String userName, Set<Role> roles, Set<String> features, String place, String dn) {
        @Override
        public String toString() {
            return userName;
        }
    }

    static Stream<DemoUser> demoUsers() {
        Set<Role> agent = Set.of(Role.AGENT);
        Set<Role> supervisor = Set.of(Role.SUPERVISOR, Role.AGENT);
        Set<String> voice = Set.of(Feature.VOICE);
        Set<String> monitoring = Set.of(Feature.VOICE, Feature.SUPERVISOR_MONITORING);
        return Stream.of(
                new DemoUser("supervisor1", supervisor, monitoring, "Place5005", "5005"),
                new DemoUser("supervisor2", supervisor, monitoring, "Place5006", "5006"),
                new DemoUser("agent1", agent, voice, "Place5001", "5001"),
                new DemoUser("agent2", agent, voice, "Place5002", "5002"),
                new DemoUser("agent3", agent, voice, "Place5003", "5003"),
                new DemoUser("agent4", agent, voice, "Place5004", "5004"),
                new DemoUser("agent5", agent, voice, "Place5007", "5007"),
                new DemoUser("bot1", agent, voice, "Place5101", "5101"),
                new DemoUser("bot2", agent, voice, "Place5102", "5102"),
                new DemoUser("bot3", agent, voice, "Place5103", "5103"),
                new DemoUser("admin", Set.of(Role.ADMIN), Set.copyOf(Feature.ALL), null, null));
    }

    private static Directory demoDirectory() {
        return DirectoryBuilder.build(ConfigLoader.loadDemo(), new InMemoryStore(), null);
    }

    @Test
    void demoHasExactlyTheUsersOfTheTable() {
        assertThat(demoDirectory().users()).extracting(User::userName).containsExactlyInAnyOrderElementsOf(
                demoUsers().map(DemoUser::userName).toList());
    }

    @ParameterizedTest(name = "demo user {0}")
    @MethodSource("demoUsers")
    void demoUserHasTheRolesFeaturesAndPlaceOfTheTable(DemoUser expected) {
        Directory directory = demoDirectory();
        User user = directory.userByName(expected.userName()).orElseThrow();
        assertThat(user.roles()).containsExactlyInAnyOrderElementsOf(expected.roles());
        assertThat(user.features()).containsExactlyInAnyOrderElementsOf(expected.features());
        assertThat(user.defaultPlace()).isEqualTo(expected.place());
        if (expected.place() != null) {
            Place place = directory.placeByName(expected.place()).orElseThrow();
            assertThat(place.environment()).isEqualTo("Demo");
            assertThat(directory.dnsOf(place)).singleElement().satisfies(dn -> {
                assertThat(dn.number()).isEqualTo(expected.dn());
                assertThat(dn.type()).isEqualTo(DnType.EXTENSION);
                assertThat(dn.place()).isEqualTo(expected.place());
            });
        }
    }

    @Test
    void adminsFeatureAllExpandsToEveryKnownFeature() {
        User admin = demoDirectory().userByName("admin").orElseThrow();
        assertThat(admin.features()).containsExactlyInAnyOrder(Feature.VOICE, Feature.SUPERVISOR_MONITORING,
                Feature.VOICE_RECORDING);
    }

    @Test
    void demoHasOneSipServerEnvironmentNamedDemo() {
        assertThat(demoDirectory().environments()).singleElement().satisfies(environment -> {
            assertThat(environment.name()).isEqualTo("Demo");
            assertThat(environment.type()).isEqualTo(EnvironmentType.SIP_SERVER);
        });
    }

    @Test
    void demoDialPlanHasTheExtensionsRoutingPointAndQueue() {
        Directory directory = demoDirectory();
        assertThat(directory.dns()).extracting(Dn::number).containsExactlyInAnyOrder(
                "5001", "5002", "5003", "5004", "5005", "5006", "5007", "5101", "5102", "5103", "7000", "8000");
        assertThat(directory.dns()).allSatisfy(dn -> assertThat(dn.environment()).isEqualTo("Demo"));
        Dn routingPoint = directory.dnByNumber("Demo", "7000").orElseThrow();
        assertThat(routingPoint.type()).isEqualTo(DnType.ROUTING_POINT);
        assertThat(routingPoint.place()).isNull();
        Dn queue = directory.dnByNumber("Demo", "8000").orElseThrow();
        assertThat(queue.type()).isEqualTo(DnType.ACD_QUEUE);
        assertThat(queue.place()).isNull();
        assertThat(directory.places()).extracting(Place::name).containsExactlyInAnyOrder(
                "Place5001", "Place5002", "Place5003", "Place5004", "Place5005", "Place5006", "Place5007",
                "Place5101", "Place5102", "Place5103");
    }

    @Test
    void demoRoutingPoint7000RoutesToQueue8000WhichDistributesToSalesWith15sRingNoAnswer() {
        Directory directory = demoDirectory();
        Dn routingPoint = directory.dnByNumber("Demo", "7000").orElseThrow();
        assertThat(routingPoint.routeTo()).isEqualTo("8000");
        assertThat(routingPoint.agentGroup()).isNull();
        Dn queue = directory.dnByNumber("Demo", "8000").orElseThrow();
        assertThat(queue.agentGroup()).isEqualTo("Sales");
        assertThat(queue.routeTo()).isNull();
        assertThat(queue.ringNoAnswerSeconds()).isEqualTo(15);
        assertThat(directory.dns()).filteredOn(dn -> dn.type() == DnType.EXTENSION).allSatisfy(extension -> {
            assertThat(extension.routeTo()).isNull();
            assertThat(extension.agentGroup()).isNull();
        });
    }

    @Test
    void demoGroupsAreSalesAndSupportWithTheirMembersAndSupervisors() {
        Directory directory = demoDirectory();
        Map<String, AgentGroup> groups = directory.groups().stream()
                .collect(Collectors.toMap(AgentGroup::name, group -> group));
        assertThat(groups).containsOnlyKeys("Sales", "Support");
        assertThat(userNames(directory, groups.get("Sales").members()))
                .containsExactlyInAnyOrder("agent1", "agent2", "agent3", "agent4", "bot1", "bot2", "bot3");
        assertThat(userNames(directory, groups.get("Sales").supervisors()))
                .containsExactlyInAnyOrder("supervisor1", "supervisor2");
        assertThat(userNames(directory, groups.get("Support").members())).containsExactly("agent5");
        assertThat(groups.get("Support").supervisors()).isEmpty();
        User supervisor1 = directory.userByName("supervisor1").orElseThrow();
        assertThat(directory.supervises(supervisor1, directory.userByName("agent1").orElseThrow())).isTrue();
        assertThat(directory.supervises(supervisor1, directory.userByName("agent5").orElseThrow())).isFalse();
    }

    @Test
    void everyDemoUserHasThePlainPasswordPassword() {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        assertThat(demo.server().demoPasswords()).isTrue();
        assertThat(demo.users()).allSatisfy(user -> {
            assertThat(user.password()).isEqualTo("password");
            assertThat(user.passwordHash()).isNull();
        });
    }

    @Test
    void demoServesOnPort8080WithObjectParticipantsByDefault() {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        assertThat(demo.server().port()).isEqualTo(8080);
        assertThat(demo.compatibility().participants()).isEqualTo("objects");
    }

    private static List<String> userNames(Directory directory, Set<String> userIds) {
        return userIds.stream().map(id -> directory.userById(id).orElseThrow().userName()).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bad configurations
    // ---------------------------------------------------------------------------------------------------------------

    /** A configuration file as top-level sections; each body is written with its list items at column 0. */
    static final class ConfigYaml {
        private final Map<String, String> sections = new LinkedHashMap<>();

        ConfigYaml with(String section, String body) {
            sections.put(section, body);
            return this;
        }

        ConfigYaml without(String section) {
            sections.remove(section);
            return this;
        }

        String text() {
            StringBuilder yaml = new StringBuilder();
            sections.forEach((section, body) -> yaml.append(section).append(":\n").append(body.indent(2)));
            return yaml.toString();
        }
    }

    private static final String SERVER = """
            demoPasswords: true
            """;

    private static final String ENVIRONMENTS = """
            - name: Main
              type: SipServer
              dns:
                - { number: "7000", type: RoutingPoint, routeTo: "8000" }
                - { number: "8000", type: ACDQueue, agentGroup: Team }
            """;

    private static final String PLACES = """
            - name: Place1
              dns: [ { number: "5001", type: Extension } ]
            - name: Place2
              dns: [ { number: "5002", type: ACDPosition } ]
            """;

    private static final String USERS = """
            - userName: boss
              roles: [ROLE_SUPERVISOR, ROLE_AGENT]
              features: [api-voice, api-supervisor-monitoring]
              password: password
              place: Place2
            - userName: agent
              roles: [ROLE_AGENT]
              features: [api-voice]
              password: password
              place: Place1
            - userName: admin
              roles: [ROLE_ADMIN]
              features: [all]
              passwordHash: '%s'
            """.formatted(HASH);

    private static final String GROUPS = """
            - name: Team
              members: [agent]
              supervisors: [boss]
              wrapUpSeconds: 5
            """;

    /** The smallest configuration that uses every section; each bad case changes one thing. */
    static ConfigYaml base() {
        return new ConfigYaml()
                .with("server", SERVER)
                .with("voiceEnvironments", ENVIRONMENTS)
                .with("places", PLACES)
                .with("users", USERS)
                .with("agentGroups", GROUPS);
    }

    /** A user list whose entry at {@code index} (0 boss, 1 agent, 2 admin) is replaced by {@code entry}. */
    private static String usersWith(int index, String entry) {
        String[] entries = USERS.split("\n(?=- )");
        entries[index] = entry.strip();
        return String.join("\n", entries) + "\n";
    }

    /** A configuration that must be refused with exactly this path and a reason containing this text. */
    record BadConfig(String description, String yaml, String path, String reason) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static BadConfig bad(String description, ConfigYaml yaml, String path, String reason) {
        return new BadConfig(description, yaml.text(), path, reason);
    }

    private static BadConfig bad(String description, String yaml, String path, String reason) {
        return new BadConfig(description, yaml, path, reason);
    }

    static Stream<BadConfig> badConfigs() {
        return Stream.of(
                // The file as a whole
                bad("YAML syntax error", "server:\n  port: 1\n bad: 2\n", "", "YAML syntax error at line 3"),
                bad("empty file", "", "", "the file is empty"),
                bad("file with only a comment", "# nothing configured yet\n", "", "the file is empty"),
                bad("a list instead of a mapping", "- users\n- places\n", "", "expected a mapping"),
                bad("unknown top-level field", base().with("servr", "port: 8080\n"), "servr", "unknown field 'servr'"),
                bad("unknown nested field", base().with("users", usersWith(2, """
                        - userName: admin
                          rolez: [ROLE_ADMIN]
                          password: password
                        """)), "users[2].rolez", "unknown field 'rolez'"),
                bad("unknown field in server.store", base().with("server", SERVER + "store: { uri: 'jdbc:h2:mem:x' }\n"),
                        "server.store.uri", "unknown field 'uri'"),

                // Types
                bad("port as a string", base().with("server", SERVER + "port: eighty\n"), "server.port", "expected a whole number"),
                bad("port as a fraction", base().with("server", SERVER + "port: 80.5\n"), "server.port", "expected a whole number"),
                bad("roles as a string", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: ROLE_AGENT
                          password: password
                        """)), "users[1].roles", "expected a list"),
                bad("csrf not a boolean", base().with("server", SERVER + "csrf: maybe\n"), "server.csrf", "expected true or false"),
                bad("user as a string", base().with("users", "- agent\n"), "users[0]", "expected a mapping (user)"),

                // agent states, dispositions, skills
                bad("agent state without a reason", base().with("agentStates", "- displayName: Lunch\n"), "agentStates[0].reason",
                        "is missing"),
                bad("agent state of an unknown kind", base().with("agentStates", "- reason: Lunch\n  state: Sleeping\n"),
                        "agentStates[0].state", "must be NotReady, AuxWork or AfterCallWork, not 'Sleeping'"),
                bad("agent state reason twice", base().with("agentStates", "- reason: Lunch\n- reason: Lunch\n"),
                        "agentStates[1].reason", "'Lunch' is listed twice"),
                bad("disposition code twice", base().with("dispositions", "codes: [{code: Sale}, {code: Sale}]\n"),
                        "dispositions.codes[1].code", "'Sale' is listed twice"),
                bad("skill level too high", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: [ROLE_AGENT]
                          password: password
                          skills: [{name: Sales, level: 101}]
                        """)), "users[1].skills[0].level", "must be 0 to 100, not 101"),

                // server
                bad("port above 65535", base().with("server", SERVER + "port: 65536\n"), "server.port",
                        "must be between 0 and 65535, not 65536"),
                bad("negative port", base().with("server", SERVER + "port: -1\n"), "server.port",
                        "must be between 0 and 65535, not -1"),
                bad("externalBaseUrl not http", base().with("server", SERVER + "externalBaseUrl: 'ftp://gws.example.com'\n"),
                        "server.externalBaseUrl", "must be an absolute http or https URL"),
                bad("externalBaseUrl relative", base().with("server", SERVER + "externalBaseUrl: /gws\n"),
                        "server.externalBaseUrl", "must be an absolute http or https URL"),
                bad("externalBaseUrl not a URL", base().with("server", SERVER + "externalBaseUrl: 'not a url'\n"),
                        "server.externalBaseUrl", "not a URL"),
                bad("sessionTimeoutSeconds zero", base().with("server", SERVER + "sessionTimeoutSeconds: 0\n"),
                        "server.sessionTimeoutSeconds", "must be positive"),
                bad("sessionTimeoutSeconds negative", base().with("server", SERVER + "sessionTimeoutSeconds: -30\n"),
                        "server.sessionTimeoutSeconds", "must be positive"),
                bad("negative CORS max age", base().with("server", SERVER + "cors: { maxAgeSeconds: -1 }\n"),
                        "server.cors.maxAgeSeconds", "must not be negative"),
                bad("blank host", base().with("server", SERVER + "host: ''\n"), "server.host", "must not be empty"),
                bad("durability of agent states neither sync nor async",
                        base().with("server", SERVER + "durability: { agentStates: sometimes }\n"),
                        "server.durability.agentStates", "must be sync or async, not sometimes"),
                bad("login throttle without free failures", base().with("server", SERVER + "loginThrottle: { failuresBeforeDelay: 0 }\n"),
                        "server.loginThrottle.failuresBeforeDelay", "must be at least 1, not 0"),
                bad("login throttle lockout before its delays", base().with("server", SERVER
                        + "loginThrottle: { failuresBeforeDelay: 10, lockoutAfterFailures: 5 }\n"),
                        "server.loginThrottle.lockoutAfterFailures", "must be at least failuresBeforeDelay (10), not 5"),
                bad("login throttle key misspelt", base().with("server", SERVER + "loginThrottle: { maxDelay: 60 }\n"),
                        "server.loginThrottle.maxDelay", "unknown field 'maxDelay'"),
                bad("store URL of another database", base().with("server", SERVER + "store: { url: 'jdbc:mysql://db/gws' }\n"),
                        "server.store.url", "must be a jdbc:h2: or jdbc:postgresql: URL"),
                bad("participants neither objects nor strings", base().with("compatibility", "participants: arrays\n"),
                        "compatibility.participants", "must be 'objects' or 'strings', not 'arrays'"),

                // Voice environments and their DNs
                bad("no voice environments", base().without("voiceEnvironments"), "voiceEnvironments",
                        "at least one voice environment is required"),
                bad("empty voice environment list", base().with("voiceEnvironments", "[]\n"), "voiceEnvironments",
                        "at least one voice environment is required"),
                bad("duplicate environment name", base().with("voiceEnvironments", ENVIRONMENTS + """
                        - name: Main
                          type: SipCluster
                        """), "voiceEnvironments[1].name", "duplicate voice environment 'Main'"),
                bad("environment without a name", base().with("voiceEnvironments", "- type: SipServer\n"),
                        "voiceEnvironments[0].name", "required"),
                bad("unknown environment type", base().with("voiceEnvironments", """
                        - name: Main
                          type: Asterisk
                        """), "voiceEnvironments[0].type", "unknown type 'Asterisk'"),
                bad("environment without a type", base().with("voiceEnvironments", "- name: Main\n"),
                        "voiceEnvironments[0].type", "required"),
                bad("DN number not digits", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "70a0", type: RoutingPoint, routeTo: "8000" } ]
                        """), "voiceEnvironments[0].dns[0].number", "must be 1 to 20 digits, not '70a0'"),
                bad("DN number with a plus sign", base().with("places", """
                        - name: Place1
                          dns: [ { number: "+15550100", type: Extension } ]
                        """), "places[0].dns[0].number", "must be 1 to 20 digits, not '+15550100'"),
                bad("DN without a number", base().with("places", """
                        - name: Place1
                          dns: [ { type: Extension } ]
                        """), "places[0].dns[0].number", "required"),
                bad("duplicate DN number in an environment", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns:
                            - { number: "7000", type: RoutingPoint, routeTo: "8000" }
                            - { number: "7000", type: ACDQueue, agentGroup: Team }
                        """), "voiceEnvironments[0].dns[1].number", "duplicate number '7000'"),
                bad("two places with the same DN number", base().with("places", """
                        - name: Place1
                          dns: [ { number: "5001", type: Extension } ]
                        - name: Place2
                          dns: [ { number: "5001", type: Extension } ]
                        """), "places[1].dns[0].number", "duplicate number '5001'"),
                bad("place DN with a routing point's number", base().with("places", """
                        - name: Place1
                          dns: [ { number: "7000", type: Extension } ]
                        """), "places[0].dns[0].number", "duplicate number '7000'"),
                bad("unknown DN type", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns:
                            - { number: "7000", type: RoutingPoint, routeTo: "8000" }
                            - { number: "9000", type: Trunk }
                        """), "voiceEnvironments[0].dns[1].type", "unknown DN type 'Trunk'"),
                bad("DN without a type", base().with("places", """
                        - name: Place1
                          dns: [ { number: "5001" } ]
                        """), "places[0].dns[0].type", "required"),
                bad("Extension at environment level", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns:
                            - { number: "7000", type: RoutingPoint, routeTo: "8000" }
                            - { number: "8000", type: ACDQueue, agentGroup: Team }
                            - { number: "5999", type: Extension }
                        """), "voiceEnvironments[0].dns[2].type", "Extension and ACDPosition DNs belong to a place"),
                bad("RoutingPoint inside a place", base().with("places", """
                        - name: Place1
                          dns: [ { number: "7001", type: RoutingPoint, routeTo: "8000" } ]
                        """), "places[0].dns[0].type", "a place holds only Extension and ACDPosition DNs"),

                // Routing: routing point -> target number, ACD queue -> agent group
                bad("routing point without routeTo", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "7000", type: RoutingPoint } ]
                        """), "voiceEnvironments[0].dns[0].routeTo", "required: the number a routing point routes its calls to"),
                bad("routeTo not digits", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "7000", type: RoutingPoint, routeTo: queue } ]
                        """), "voiceEnvironments[0].dns[0].routeTo", "must be 1 to 20 digits, not 'queue'"),
                bad("routing point routing to itself", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "7000", type: RoutingPoint, routeTo: "7000" } ]
                        """), "voiceEnvironments[0].dns[0].routeTo", "a routing point cannot route to itself"),
                bad("routeTo on an ACD queue", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "8000", type: ACDQueue, agentGroup: Team, routeTo: "7000" } ]
                        """), "voiceEnvironments[0].dns[0].routeTo", "only a RoutingPoint routes"),
                bad("ACD queue without agentGroup", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "8000", type: ACDQueue } ]
                        """), "voiceEnvironments[0].dns[0].agentGroup", "required: the agent group an ACD queue distributes to"),
                bad("ACD queue with an unknown agentGroup", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "8000", type: ACDQueue, agentGroup: Nobody } ]
                        """), "voiceEnvironments[0].dns[0].agentGroup", "unknown agent group 'Nobody'"),
                bad("ACD queue with zero ringNoAnswerSeconds", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "8000", type: ACDQueue, agentGroup: Team, ringNoAnswerSeconds: 0 } ]
                        """), "voiceEnvironments[0].dns[0].ringNoAnswerSeconds", "must be positive"),
                bad("agentGroup on a routing point", base().with("voiceEnvironments", """
                        - name: Main
                          type: SipServer
                          dns: [ { number: "7000", type: RoutingPoint, routeTo: "8000", agentGroup: Team } ]
                        """), "voiceEnvironments[0].dns[0].agentGroup", "only an ACDQueue distributes to an agent group"),
                bad("routeTo on an Extension in a place", base().with("places", """
                        - name: Place1
                          dns: [ { number: "5001", type: Extension, routeTo: "8000" } ]
                        - name: Place2
                          dns: [ { number: "5002", type: Extension } ]
                        """), "places[0].dns[0].routeTo", "only a RoutingPoint routes"),
                bad("agentGroup on an Extension in a place", base().with("places", """
                        - name: Place1
                          dns: [ { number: "5001", type: Extension, agentGroup: Team } ]
                        - name: Place2
                          dns: [ { number: "5002", type: Extension } ]
                        """), "places[0].dns[0].agentGroup", "only an ACDQueue distributes to an agent group"),

                // Places
                bad("place without DNs", base().with("places", """
                        - name: Place1
                          dns: [ { number: "5001", type: Extension } ]
                        - name: Place2
                        """), "places[1].dns", "a place needs at least one DN"),
                bad("place with an unknown environment", base().with("places", """
                        - name: Place1
                          environment: Nowhere
                          dns: [ { number: "5001", type: Extension } ]
                        """), "places[0].environment", "unknown voice environment 'Nowhere'"),
                bad("place without environment when there are two", base().with("voiceEnvironments", ENVIRONMENTS + """
                        - name: Backup
                          type: SipCluster
                        """), "places[0].environment", "required when there is more than one voice environment"),
                bad("duplicate place name", base().with("places", """
                        - name: Place1
                          dns: [ { number: "5001", type: Extension } ]
                        - name: Place1
                          dns: [ { number: "5002", type: Extension } ]
                        """), "places[1].name", "duplicate place 'Place1'"),

                // Users
                bad("duplicate user", base().with("users", usersWith(1, """
                        - userName: boss
                          roles: [ROLE_AGENT]
                          password: password
                        """)), "users[1].userName", "duplicate user 'boss'"),
                bad("userName with a colon", base().with("users", usersWith(1, """
                        - userName: "agent:1"
                          roles: [ROLE_AGENT]
                          password: password
                        """)), "users[1].userName", "must not contain ':'"),
                bad("user without a userName", base().with("users", usersWith(0, """
                        - roles: [ROLE_AGENT]
                          password: password
                        """)), "users[0].userName", "required"),
                bad("user with an empty role list", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: []
                          password: password
                        """)), "users[1].roles", "at least one role is required"),
                bad("user without roles", base().with("users", usersWith(1, """
                        - userName: agent
                          password: password
                        """)), "users[1].roles", "at least one role is required"),
                bad("unknown role", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: [ROLE_AGENT, ROLE_BOSS]
                          password: password
                        """)), "users[1].roles[1]", "unknown role 'ROLE_BOSS'"),
                bad("unknown feature", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: [ROLE_AGENT]
                          features: [api-voice, api-teleport]
                          password: password
                        """)), "users[1].features[1]", "unknown feature 'api-teleport'"),
                bad("both password and passwordHash", base().with("users", usersWith(2, """
                        - userName: admin
                          roles: [ROLE_ADMIN]
                          password: password
                          passwordHash: '%s'
                        """.formatted(HASH))), "users[2]", "give password or passwordHash, not both"),
                bad("neither password nor passwordHash", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: [ROLE_AGENT]
                        """)), "users[1].passwordHash", "required (a bcrypt hash)"),
                bad("plain password without demoPasswords", base().with("server", "port: 8080\n"), "users[0].password",
                        "plain passwords are allowed only with server.demoPasswords: true"),
                bad("plain password with demoPasswords false", base().with("server", "demoPasswords: false\n"),
                        "users[0].password", "plain passwords are allowed only with server.demoPasswords: true"),
                bad("truncated bcrypt hash", base().with("users", usersWith(2, """
                        - userName: admin
                          roles: [ROLE_ADMIN]
                          passwordHash: '%s'
                        """.formatted(HASH.substring(0, 59)))), "users[2].passwordHash", "not a bcrypt hash"),
                bad("hash that is not bcrypt", base().with("users", usersWith(2, """
                        - userName: admin
                          roles: [ROLE_ADMIN]
                          passwordHash: 5f4dcc3b5aa765d61d8327deb882cf99
                        """)), "users[2].passwordHash", "not a bcrypt hash"),
                bad("unknown default place", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: [ROLE_AGENT]
                          password: password
                          place: Place9
                        """)), "users[1].place", "unknown place 'Place9'"),

                // Agent groups
                bad("group with an unknown member", base().with("agentGroups", """
                        - name: Team
                          members: [agent, ghost]
                        """), "agentGroups[0].members[1]", "unknown user 'ghost'"),
                bad("group with an unknown supervisor", base().with("agentGroups", """
                        - name: Team
                          supervisors: [nobody]
                        """), "agentGroups[0].supervisors[0]", "unknown user 'nobody'"),
                bad("supervisor without ROLE_SUPERVISOR", base().with("agentGroups", """
                        - name: Team
                          members: [boss]
                          supervisors: [agent]
                        """), "agentGroups[0].supervisors[0]", "user 'agent' lacks ROLE_SUPERVISOR"),
                bad("negative wrapUpSeconds", base().with("agentGroups", """
                        - name: Team
                          wrapUpSeconds: -5
                        """), "agentGroups[0].wrapUpSeconds", "must not be negative"),
                bad("duplicate group name", base().with("agentGroups", GROUPS + "- name: Team\n"),
                        "agentGroups[1].name", "duplicate agent group 'Team'"),
                bad("group without a name", base().with("agentGroups", "- members: [agent]\n"), "agentGroups[0].name", "required"));
    }

    @Test
    void theLoginThrottleIsOnByDefaultAndEachKeyCanBeSet() {
        ContactCenterConfig.LoginThrottleConfig defaults = ConfigLoader.parse(FILE, base().text()).server().loginThrottle();
        assertThat(defaults).isEqualTo(new ContactCenterConfig.LoginThrottleConfig(true, 5, 20, 60, 20, 300, 900));
        ContactCenterConfig.LoginThrottleConfig set = ConfigLoader.parse(FILE, base().with("server", SERVER
                + "loginThrottle: { enabled: false, failuresBeforeDelay: 3, lockoutSeconds: 60 }\n").text()).server().loginThrottle();
        assertThat(set).isEqualTo(new ContactCenterConfig.LoginThrottleConfig(false, 3, 20, 60, 20, 60, 900));
    }

    @Test
    void baseConfigurationIsValid() {
        ContactCenterConfig config = ConfigLoader.parse(FILE, base().text());
        assertThat(config.users()).extracting(ContactCenterConfig.UserConfig::userName).containsExactly("boss", "agent", "admin");
        assertThat(config.places()).hasSize(2);
        assertThat(config.agentGroups()).singleElement().satisfies(group -> assertThat(group.wrapUpSeconds()).isEqualTo(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigurationIsRefusedWithFilePathAndReason(BadConfig bad) {
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, bad.yaml()))
                .isInstanceOfSatisfying(ConfigException.class, refused -> {
                    assertThat(refused.file()).isEqualTo(FILE);
                    assertThat(refused.path()).isEqualTo(bad.path());
                    assertThat(refused.reason()).contains(bad.reason());
                    assertThat(refused.getMessage()).startsWith(FILE + ": ")
                            .isEqualTo(FILE + ": " + (bad.path().isEmpty() ? "" : bad.path() + ": ") + refused.reason());
                });
    }

    /** An empty entry in a list ({@code -} alone, or {@code ~}) is a mistake in the file, not a crash of the loader. */
    static Stream<BadConfig> emptyListEntries() {
        return Stream.of(
                bad("empty user entry", base().with("users", USERS + "-\n"), "users[3]", ""),
                bad("empty place entry", base().with("places", PLACES + "-\n"), "places[2]", ""),
                bad("empty environment entry", base().with("voiceEnvironments", ENVIRONMENTS + "-\n"), "voiceEnvironments[1]", ""),
                bad("empty DN entry", base().with("places", """
                        - name: Place1
                          dns: [ ~ ]
                        """), "places[0].dns[0]", ""),
                bad("empty feature entry", base().with("users", usersWith(1, """
                        - userName: agent
                          roles: [ROLE_AGENT]
                          features: [api-voice, ~]
                          password: password
                        """)), "users[1].features[1]", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyListEntries")
    void emptyListEntryIsRefusedWithItsPath(BadConfig bad) {
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, bad.yaml()))
                .isInstanceOfSatisfying(ConfigException.class, refused -> {
                    assertThat(refused.path()).isEqualTo(bad.path());
                    assertThat(refused.reason()).isNotBlank();
                    assertThat(refused.getMessage()).startsWith(FILE + ": " + bad.path() + ": ");
                });
    }

    @Test
    void duplicateKeyIsRefusedRatherThanSilentlyReplacingTheFirst() {
        // A second 'users:' section would otherwise drop every user of the first without a word.
        String yaml = base().text() + "users:\n" + usersWith(2, """
                - userName: latecomer
                  roles: [ROLE_AGENT]
                  password: password
                """).indent(2);
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
                .isInstanceOfSatisfying(ConfigException.class, refused -> {
                    assertThat(refused.getMessage()).startsWith(FILE + ": ");
                    assertThat(refused.reason()).containsIgnoringCase("duplicate").contains("users");
                });
    }

    @Test
    void missingFileIsRefusedAsNotFound(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOfSatisfying(ConfigException.class, refused -> {
                    assertThat(refused.file()).isEqualTo(missing.toString());
                    assertThat(refused.path()).isEmpty();
                    assertThat(refused.reason()).isEqualTo("file not found");
                    assertThat(refused.getMessage()).isEqualTo(missing + ": file not found");
                });
    }

    @Test
    void directoryInsteadOfFileIsRefusedAsUnreadable(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOfSatisfying(ConfigException.class, refused -> {
                    assertThat(refused.getMessage()).startsWith(dir.toString() + ": ");
                    assertThat(refused.reason()).startsWith("cannot read");
                });
    }

    @Test
    void validFileLoadsFromDisk() throws Exception {
        Path file = Path.of(ConfigLoaderTest.class.getResource("/config/two-environments.yaml").toURI());
        ContactCenterConfig config = ConfigLoader.load(file);
        assertThat(config.voiceEnvironments()).extracting(ContactCenterConfig.EnvironmentConfig::name)
                .containsExactly("East", "West");
    }
}
