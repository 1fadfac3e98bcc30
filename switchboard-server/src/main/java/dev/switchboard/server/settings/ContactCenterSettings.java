package dev.switchboard.server.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings groups a desktop reads (GWS's Settings API, system settings): agent states, dispositions and the
 * general settings (the contact center's country); and the users' skills, which the configuration gives beside them.
 */
public record ContactCenterSettings(AgentStates agentStates, Dispositions dispositions, Map<String, Object> general, Skills skills) {

    /** The general settings a real server gives by default. */
    public static final Map<String, Object> GENERAL_DEFAULTS = generalDefaults();

    public ContactCenterSettings {
        general = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(general));
    }

    /** Settings without skills. */
    public ContactCenterSettings(AgentStates agentStates, Dispositions dispositions, Map<String, Object> general) {
        this(agentStates, dispositions, general, Skills.none());
    }

    /** The system agent states, no dispositions, the default country. */
    public static ContactCenterSettings defaults() {
        return new ContactCenterSettings(AgentStates.systemOnly(), Dispositions.none(), GENERAL_DEFAULTS);
    }

    private static Map<String, Object> generalDefaults() {
        Map<String, Object> general = new LinkedHashMap<>();
        general.put("countryCode", "US");
        general.put("countryDigits", "1");
        general.put("countryName", "United States");
        return java.util.Collections.unmodifiableMap(general);
    }

    /** The sections {@code GET /me?subresources=settings} gives, each an object, none missing. */
    public Map<String, Object> sections() {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("general-settings", general);
        Map<String, Object> states = new LinkedHashMap<>();
        for (AgentStates.State state : agentStates.all()) {
            states.put(state.id(), state.toJson());
        }
        sections.put("agent-states", states);
        Map<String, Object> dispositionSection = new LinkedHashMap<>();
        dispositionSection.put("dispositionKey", dispositions.key());
        dispositionSection.put("dispositions", dispositions.codes());
        sections.put("dispositions", dispositionSection);
        return sections;
    }
}
