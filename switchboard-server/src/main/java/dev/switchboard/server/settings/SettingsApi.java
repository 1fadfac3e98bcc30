package dev.switchboard.server.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.server.http.Router;

/**
 * {@code GET /api/v2/settings/agent-states}, {@code /general-settings} and {@code /dispositions}: the settings groups
 * a desktop builds its menus from. Any authenticated user may read them.
 */
public final class SettingsApi {
    private final ContactCenterSettings settings;

    public SettingsApi(ContactCenterSettings settings) {
        this.settings = settings;
    }

    public void register(Router router) {
        router.get("settings/agent-states", request -> {
            List<Object> states = new ArrayList<>();
            settings.agentStates().all().forEach(state -> states.add(state.toJson()));
            return Map.of("settings", states);
        }).get("settings/general-settings", request -> Map.of("settings", settings.general()))
                .get("settings/dispositions", request -> Map.of("settings", settings.dispositions().toJson(),
                        "dispositionKey", settings.dispositions().key()));
    }
}
