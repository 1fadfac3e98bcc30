package dev.switchboard.server.config;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import dev.switchboard.server.config.ContactCenterConfig.ClientConfig;
import dev.switchboard.server.config.ContactCenterConfig.OAuthConfig;
import dev.switchboard.server.config.ContactCenterConfig.StatisticsConfig;

/** Checks the {@code oauth} and {@code statistics} sections of a configuration (called by {@link ConfigLoader}). */
final class OAuthChecks {
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private OAuthChecks() {
    }

    static void check(String file, ContactCenterConfig config) {
        OAuthConfig oauth = config.oauth();
        if (oauth.tokenLifetimeSeconds() < 1) {
            throw new ConfigException(file, "oauth.tokenLifetimeSeconds", "must be at least 1, not " + oauth.tokenLifetimeSeconds());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < oauth.clients().size(); i++) {
            ClientConfig client = oauth.clients().get(i);
            String path = "oauth.clients[" + i + "]";
            if (client == null) {
                throw new ConfigException(file, path, "empty entry");
            }
            if (client.clientId() == null || client.clientId().isBlank() || client.clientId().contains(":")) {
                throw new ConfigException(file, path + ".clientId", "required, without ':' (it separates id and secret in HTTP Basic)");
            }
            if (!ids.add(client.clientId())) {
                throw new ConfigException(file, path + ".clientId", "duplicate client '" + client.clientId() + "'");
            }
            if ((client.secret() == null) == (client.secretHash() == null)) {
                throw new ConfigException(file, path, "give secret or secretHash (one of them)");
            }
            if (client.secret() != null && !config.server().demoPasswords()) {
                throw new ConfigException(file, path + ".secret", "plain secrets are allowed only with server.demoPasswords: true;"
                        + " use secretHash");
            }
            if (client.secretHash() != null && !BCRYPT.matcher(client.secretHash()).matches()) {
                throw new ConfigException(file, path + ".secretHash", "not a bcrypt hash ($2a$/$2b$/$2y$, 60 characters)");
            }
        }
        StatisticsConfig statistics = config.statistics();
        if (statistics.serviceLevelSeconds() < 1) {
            throw new ConfigException(file, "statistics.serviceLevelSeconds",
                    "must be at least 1, not " + statistics.serviceLevelSeconds());
        }
    }
}
