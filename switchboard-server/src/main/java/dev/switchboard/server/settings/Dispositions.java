package dev.switchboard.server.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call dispositions a desktop offers ({@code GET /api/v2/settings/dispositions}) and the user-data key
 * {@code SetCallDisposition} writes them under ({@code DispositionCode} by default, as GWS's
 * {@code dispositionKey}). With no codes configured any disposition is taken as given.
 *
 * @param key   the user-data key a disposition is written under when the request names none
 * @param codes the codes, with their display names, in configuration order
 */
public record Dispositions(String key, Map<String, String> codes) {
    /** GWS's default disposition key. */
    public static final String DEFAULT_KEY = "DispositionCode";

    public Dispositions {
        key = key == null ? DEFAULT_KEY : key;
        codes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(codes));
    }

    /** The default key, no codes. */
    public static Dispositions none() {
        return new Dispositions(DEFAULT_KEY, Map.of());
    }

    /** Whether {@code code} may be set: any code when none is configured. */
    public boolean allows(String code) {
        return codes.isEmpty() || codes.containsKey(code);
    }

    /** The codes as a list of {@code {name, displayName}}. */
    public List<Map<String, Object>> toJson() {
        List<Map<String, Object>> list = new ArrayList<>();
        codes.forEach((code, name) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", code);
            entry.put("displayName", name);
            list.add(entry);
        });
        return list;
    }
}
