package dev.switchboard.server.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.server.config.ContactCenterConfig.AgentStateConfig;
import dev.switchboard.server.config.ContactCenterConfig.DispositionConfig;
import dev.switchboard.server.settings.AgentStates;
import dev.switchboard.server.settings.ContactCenterSettings;
import dev.switchboard.server.settings.Dispositions;
import dev.switchboard.server.settings.Skills;

/** Builds the settings groups (agent states with reasons, dispositions) from a configuration, checking them. */
public final class SettingsBuilder {

    private SettingsBuilder() {
    }

    /**
     * The settings of {@code config}.
     *
     * @throws ConfigException naming the path of a reason or code that is missing, repeated or of an unknown kind
     */
    public static ContactCenterSettings build(ContactCenterConfig config, String file) {
        List<AgentStates.Reason> reasons = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < config.agentStates().size(); i++) {
            AgentStateConfig state = config.agentStates().get(i);
            String path = "agentStates[" + i + "]";
            if (state.reason() == null || state.reason().isBlank()) {
                throw new ConfigException(file, path + ".reason", "is missing");
            }
            if (!seen.add(state.reason())) {
                throw new ConfigException(file, path + ".reason", "'" + state.reason() + "' is listed twice");
            }
            AgentState as = switch (state.state()) {
                case "NotReady" -> AgentState.NOT_READY;
                case "AuxWork" -> AgentState.AUX_WORK;
                case "AfterCallWork" -> AgentState.AFTER_CALL_WORK;
                default -> throw new ConfigException(file, path + ".state",
                        "must be NotReady, AuxWork or AfterCallWork, not '" + state.state() + "'");
            };
            reasons.add(new AgentStates.Reason(state.reason(), state.displayName() == null ? state.reason() : state.displayName(), as));
        }
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < config.dispositions().codes().size(); i++) {
            DispositionConfig code = config.dispositions().codes().get(i);
            String path = "dispositions.codes[" + i + "]";
            if (code.code() == null || code.code().isBlank()) {
                throw new ConfigException(file, path + ".code", "is missing");
            }
            if (codes.put(code.code(), code.displayName() == null ? code.code() : code.displayName()) != null) {
                throw new ConfigException(file, path + ".code", "'" + code.code() + "' is listed twice");
            }
        }
        if (config.dispositions().key().isBlank()) {
            throw new ConfigException(file, "dispositions.key", "must not be empty");
        }
        Map<String, Map<String, Integer>> skills = new LinkedHashMap<>();
        for (int i = 0; i < config.users().size(); i++) {
            ContactCenterConfig.UserConfig user = config.users().get(i);
            Map<String, Integer> levels = new LinkedHashMap<>();
            for (int j = 0; j < user.skills().size(); j++) {
                ContactCenterConfig.SkillConfig skill = user.skills().get(j);
                String path = "users[" + i + "].skills[" + j + "]";
                if (skill.name() == null || skill.name().isBlank()) {
                    throw new ConfigException(file, path + ".name", "is missing");
                }
                if (skill.level() < 0 || skill.level() > 100) {
                    throw new ConfigException(file, path + ".level", "must be 0 to 100, not " + skill.level());
                }
                if (levels.put(skill.name(), skill.level()) != null) {
                    throw new ConfigException(file, path + ".name", "'" + skill.name() + "' is listed twice");
                }
            }
            if (!levels.isEmpty()) {
                skills.put(user.userName(), levels);
            }
        }
        return new ContactCenterSettings(new AgentStates(reasons), new Dispositions(config.dispositions().key(), codes),
                ContactCenterSettings.GENERAL_DEFAULTS, new Skills(skills));
    }
}
