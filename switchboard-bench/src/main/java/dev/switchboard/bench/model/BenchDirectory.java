package dev.switchboard.bench.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;

/**
 * A generated contact center of any size, shaped like the demo's: one SipServer environment {@value #ENVIRONMENT},
 * routing point {@value #ROUTING_POINT} feeding ACD queue {@value #QUEUE} of group {@value #GROUP} (no wrap-up).
 *
 * <ul>
 *   <li>{@code agentN} (N = 1 … agents): ROLE_AGENT, api-voice, member of {@value #GROUP}, on place
 *       {@code PlaceD} with one Extension D = {@link #agentNumber(int)} (10001, 10002, …).</li>
 *   <li>{@code supervisorN} (N = 1 … supervisors): ROLE_SUPERVISOR and ROLE_AGENT, api-voice and
 *       api-supervisor-monitoring, supervising {@value #GROUP}, on place {@code PlaceD} with one Extension
 *       D = {@link #supervisorNumber(int)} (20001, 20002, …).</li>
 * </ul>
 *
 * <p>Ids are derived from names (as in the core's test directory), so they are the same in every run. Built in main
 * code rather than taken from the core's test-jar, so that the benchmarks depend on no test artifact.
 */
public final class BenchDirectory {
    public static final String ENVIRONMENT = "Bench";
    public static final String ROUTING_POINT = "7000";
    public static final String QUEUE = "8000";
    public static final String GROUP = "Sales";
    /** At most this many agents, and as many supervisors: their numbers have five digits. */
    public static final int MAX_USERS = 9999;

    private BenchDirectory() {
    }

    /** A directory with {@code agents} agents and {@code supervisors} supervisors, as described above. */
    public static Directory build(int agents, int supervisors) {
        if (agents < 0 || agents > MAX_USERS || supervisors < 0 || supervisors > MAX_USERS) {
            throw new IllegalArgumentException("Between 0 and " + MAX_USERS + " agents and supervisors, not " + agents + " and "
                    + supervisors);
        }
        List<User> users = new ArrayList<>();
        List<Place> places = new ArrayList<>();
        List<Dn> dns = new ArrayList<>();
        Set<String> members = new LinkedHashSet<>();
        Set<String> groupSupervisors = new LinkedHashSet<>();
        for (int n = 1; n <= agents; n++) {
            User agent = addUser(users, places, dns, agentName(n), agentNumber(n), Set.of(Role.AGENT), Set.of(Feature.VOICE));
            members.add(agent.id());
        }
        for (int n = 1; n <= supervisors; n++) {
            User supervisor = addUser(users, places, dns, supervisorName(n), supervisorNumber(n), Set.of(Role.SUPERVISOR, Role.AGENT),
                    Set.of(Feature.VOICE, Feature.SUPERVISOR_MONITORING));
            groupSupervisors.add(supervisor.id());
        }
        dns.add(new Dn(uuid("dn:" + ENVIRONMENT + ":" + ROUTING_POINT), ROUTING_POINT, DnType.ROUTING_POINT, ENVIRONMENT, null,
                QUEUE, null, Dn.DEFAULT_RING_NO_ANSWER_SECONDS));
        dns.add(new Dn(uuid("dn:" + ENVIRONMENT + ":" + QUEUE), QUEUE, DnType.ACD_QUEUE, ENVIRONMENT, null, null, GROUP,
                Dn.DEFAULT_RING_NO_ANSWER_SECONDS));
        AgentGroup group = new AgentGroup(GROUP, members, groupSupervisors, 0);
        VoiceEnvironment environment = new VoiceEnvironment(uuid("environment:" + ENVIRONMENT), ENVIRONMENT, EnvironmentType.SIP_SERVER);
        return new Directory(List.of(environment), users, places, dns, List.of(group));
    }

    /** The user name of agent {@code n} (1-based). */
    public static String agentName(int n) {
        return "agent" + n;
    }

    /** The DN number of agent {@code n}'s place. */
    public static String agentNumber(int n) {
        return Integer.toString(10000 + n);
    }

    /** The user name of supervisor {@code n} (1-based). */
    public static String supervisorName(int n) {
        return "supervisor" + n;
    }

    /** The DN number of supervisor {@code n}'s place. */
    public static String supervisorNumber(int n) {
        return Integer.toString(20000 + n);
    }

    /** The name of the place with DN {@code number}. */
    public static String placeName(String number) {
        return "Place" + number;
    }

    private static User addUser(List<User> users, List<Place> places, List<Dn> dns, String userName, String number, Set<Role> roles,
                                Set<String> features) {
        String place = placeName(number);
        User user = new User(hex32("user:" + userName), userName, userName, "Bench", userName + "@switchboard.bench", roles, features,
                place);
        users.add(user);
        places.add(new Place(hex32("place:" + place), place, ENVIRONMENT, List.of(number)));
        dns.add(new Dn(uuid("dn:" + ENVIRONMENT + ":" + number), number, DnType.EXTENSION, ENVIRONMENT, place));
        return user;
    }

    private static String hex32(String name) {
        return uuid(name).replace("-", "");
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
