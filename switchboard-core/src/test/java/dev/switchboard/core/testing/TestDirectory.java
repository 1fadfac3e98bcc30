package dev.switchboard.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;

/**
 * A small contact center for tests, on one voice environment {@value #ENVIRONMENT} (SipServer).
 *
 * <table>
 *   <caption>Users</caption>
 *   <tr><th>user</th><th>roles</th><th>features</th><th>default place</th></tr>
 *   <tr><td>agent1 … agent4</td><td>ROLE_AGENT</td><td>api-voice</td><td>Place5001 … Place5004</td></tr>
 *   <tr><td>supervisor1</td><td>ROLE_SUPERVISOR, ROLE_AGENT</td><td>api-voice, api-supervisor-monitoring</td>
 *       <td>Place5005</td></tr>
 *   <tr><td>admin</td><td>ROLE_ADMIN</td><td>all</td><td>none</td></tr>
 * </table>
 *
 * <p>Places: Place5001 … Place5005 with one Extension each (5001 … 5005); {@value #PLACE_MULTI} with Extension 5201
 * and ACDPosition 5202; {@value #PLACE_AMBIGUOUS} with Extensions 5301 and 5302 (no ACDPosition, so no login
 * device). Routing point 7000 and ACD queue 8000 belong to no place. Group {@value #SALES}: members agent1 … agent4,
 * supervised by supervisor1.
 *
 * <p>{@link #build(EnvironmentType, MonitoringSettings)} builds the same on an environment of another type or with other
 * supervision options; {@link #buildWithSupport} adds a second group (see there).
 *
 * <p>Ids are derived from names, so they are the same in every run: users and places have 32 hex characters,
 * environments and DNs are UUID strings.
 */
public final class TestDirectory {
    public static final String ENVIRONMENT = "Demo";
    public static final String SALES = "Sales";
    /** The second group of {@link #buildWithSupport}: agent5 only, supervised by supervisor2. */
    public static final String SUPPORT = "Support";
    public static final String PLACE_MULTI = "PlaceMulti";
    public static final String PLACE_AMBIGUOUS = "PlaceAmbiguous";
    public static final String ROUTING_POINT = "7000";
    public static final String QUEUE = "8000";

    private TestDirectory() {
    }

    /** A new directory with the contents described above. */
    public static Directory build() {
        return build(0);
    }

    /**
     * The directory described above, except that group {@value #SALES} has {@code salesWrapUpSeconds} of after-call
     * work and agent1 … agent4 also have {@code extraAgentFeatures} (e.g. {@link Feature#VOICE_RECORDING}).
     */
    public static Directory build(int salesWrapUpSeconds, String... extraAgentFeatures) {
        return build(salesWrapUpSeconds, EnvironmentType.SIP_SERVER, MonitoringSettings.DEFAULTS, false, extraAgentFeatures);
    }

    /**
     * The directory described above, on a {@value #ENVIRONMENT} environment of {@code type} with the supervision options
     * {@code settings} (the 4-argument {@link VoiceEnvironment}).
     */
    public static Directory build(EnvironmentType type, MonitoringSettings settings) {
        return build(0, type, settings, false);
    }

    /**
     * {@link #build(EnvironmentType, MonitoringSettings)} plus a second group {@value #SUPPORT} and a second supervisor:
     * agent5 (ROLE_AGENT, api-voice) on Place5006 with Extension 5006 is the only member of {@value #SUPPORT};
     * supervisor2 (like supervisor1) on Place5007 with Extension 5007 supervises {@value #SALES} and {@value #SUPPORT}.
     * supervisor1 still supervises {@value #SALES} only, so agent5 is outside their groups.
     */
    public static Directory buildWithSupport(EnvironmentType type, MonitoringSettings settings) {
        return build(0, type, settings, true);
    }

    private static Directory build(int salesWrapUpSeconds, EnvironmentType type, MonitoringSettings settings, boolean support,
                                   String... extraAgentFeatures) {
        Set<String> agentFeatures = new java.util.LinkedHashSet<>();
        agentFeatures.add(Feature.VOICE);
        agentFeatures.addAll(Arrays.asList(extraAgentFeatures));
        List<User> users = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            users.add(user("agent" + n, Set.of(Role.AGENT), agentFeatures, "Place500" + n));
        }
        users.add(user("supervisor1", Set.of(Role.SUPERVISOR, Role.AGENT), Set.of(Feature.VOICE, Feature.SUPERVISOR_MONITORING),
                "Place5005"));
        users.add(user("admin", Set.of(Role.ADMIN), Set.copyOf(Feature.ALL), null));
        if (support) {
            users.add(user("agent5", Set.of(Role.AGENT), agentFeatures, "Place5006"));
            users.add(user("supervisor2", Set.of(Role.SUPERVISOR, Role.AGENT),
                    Set.of(Feature.VOICE, Feature.SUPERVISOR_MONITORING), "Place5007"));
        }

        List<Place> places = new ArrayList<>();
        List<Dn> dns = new ArrayList<>();
        for (int n = 1; n <= (support ? 7 : 5); n++) {
            String number = "500" + n;
            places.add(place("Place" + number, ENVIRONMENT, number));
            dns.add(dn(number, DnType.EXTENSION, ENVIRONMENT, "Place" + number));
        }
        places.add(place(PLACE_MULTI, ENVIRONMENT, "5201", "5202"));
        dns.add(dn("5201", DnType.EXTENSION, ENVIRONMENT, PLACE_MULTI));
        dns.add(dn("5202", DnType.ACD_POSITION, ENVIRONMENT, PLACE_MULTI));
        places.add(place(PLACE_AMBIGUOUS, ENVIRONMENT, "5301", "5302"));
        dns.add(dn("5301", DnType.EXTENSION, ENVIRONMENT, PLACE_AMBIGUOUS));
        dns.add(dn("5302", DnType.EXTENSION, ENVIRONMENT, PLACE_AMBIGUOUS));
        dns.add(new Dn(dnId(ENVIRONMENT, ROUTING_POINT), ROUTING_POINT, DnType.ROUTING_POINT, ENVIRONMENT, null, QUEUE, null,
                Dn.DEFAULT_RING_NO_ANSWER_SECONDS));
        dns.add(new Dn(dnId(ENVIRONMENT, QUEUE), QUEUE, DnType.ACD_QUEUE, ENVIRONMENT, null, null, SALES,
                Dn.DEFAULT_RING_NO_ANSWER_SECONDS));

        Set<String> salesSupervisors = support ? Set.of(userId("supervisor1"), userId("supervisor2")) : Set.of(userId("supervisor1"));
        List<AgentGroup> groups = new ArrayList<>();
        groups.add(new AgentGroup(SALES,
                Set.of(userId("agent1"), userId("agent2"), userId("agent3"), userId("agent4")),
                salesSupervisors, salesWrapUpSeconds));
        if (support) {
            groups.add(new AgentGroup(SUPPORT, Set.of(userId("agent5")), Set.of(userId("supervisor2")), 0));
        }

        VoiceEnvironment environment = new VoiceEnvironment(uuid("environment:" + ENVIRONMENT), ENVIRONMENT, type, settings);
        return new Directory(List.of(environment), users, places, dns, groups);
    }

    /** A user with the id {@link #userId(String)}, first name = user name, last name "Test". */
    public static User user(String userName, Set<Role> roles, Set<String> features, String defaultPlace) {
        return new User(userId(userName), userName, userName, "Test", userName + "@switchboard.test", roles, features,
                defaultPlace);
    }

    /** A place with the id {@link #placeId(String)} and these DN numbers, in this order. */
    public static Place place(String name, String environment, String... dnNumbers) {
        return new Place(placeId(name), name, environment, Arrays.asList(dnNumbers));
    }

    /** A DN with the id {@link #dnId(String, String)}. */
    public static Dn dn(String number, DnType type, String environment, String place) {
        return new Dn(dnId(environment, number), number, type, environment, place);
    }

    public static VoiceEnvironment environment(String name, EnvironmentType type) {
        return new VoiceEnvironment(uuid("environment:" + name), name, type);
    }

    /** The id of the user named {@code userName}: 32 lowercase hex characters. */
    public static String userId(String userName) {
        return hex32("user:" + userName);
    }

    /** The id of the place named {@code placeName}: 32 lowercase hex characters. */
    public static String placeId(String placeName) {
        return hex32("place:" + placeName);
    }

    /** The id (a UUID string) of DN {@code number} in {@link #ENVIRONMENT}. */
    public static String dnId(String number) {
        return dnId(ENVIRONMENT, number);
    }

    /** The id (a UUID string) of DN {@code number} in {@code environment}. */
    public static String dnId(String environment, String number) {
        return uuid("dn:" + environment + ":" + number);
    }

    private static String hex32(String name) {
        return uuid(name).replace("-", "");
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
