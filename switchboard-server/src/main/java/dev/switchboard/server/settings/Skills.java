package dev.switchboard.server.settings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The skills the configuration gives users ({@code users[].skills}), for pickers and dashboards
 * ({@code GET /api/v2/skills}, {@code /users/{id}/skills}). Routing does not use them yet. Ids are derived from the
 * names, so they stay the same across restarts.
 */
public final class Skills {
    private final Map<String, List<Skill>> byUserName = new LinkedHashMap<>();
    private final Set<String> names = new LinkedHashSet<>();

    /** A skill, with a user's level in it (0 in the list of all skills). */
    public record Skill(String id, String name, int level) {
    }

    /** @param levels per user name, the user's skills by name with their levels, in configuration order */
    public Skills(Map<String, Map<String, Integer>> levels) {
        levels.forEach((userName, skills) -> {
            List<Skill> list = new ArrayList<>();
            skills.forEach((name, level) -> {
                names.add(name);
                list.add(new Skill(idOf(name), name, level));
            });
            byUserName.put(userName, List.copyOf(list));
        });
    }

    public static Skills none() {
        return new Skills(Map.of());
    }

    /** Every skill any user has, in the order first met. */
    public List<Skill> all() {
        return names.stream().map(name -> new Skill(idOf(name), name, 0)).toList();
    }

    /** The user's skills with their levels. */
    public List<Skill> of(String userName) {
        return byUserName.getOrDefault(userName, List.of());
    }

    private static String idOf(String name) {
        return UUID.nameUUIDFromBytes(("skill:" + name).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                .toLowerCase(Locale.ROOT);
    }
}
