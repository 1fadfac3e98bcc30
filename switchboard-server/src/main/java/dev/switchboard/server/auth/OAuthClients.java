package dev.switchboard.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.switchboard.server.config.ContactCenterConfig.ClientConfig;

/**
 * The configured clients of the token endpoint and their secrets: a bcrypt {@code secretHash}, or (demo
 * configurations only, checked by the configuration loader) a plain {@code secret}.
 */
public final class OAuthClients {
    private final Map<String, ClientConfig> clients = new HashMap<>();

    public OAuthClients(Iterable<ClientConfig> configured) {
        for (ClientConfig client : configured) {
            clients.put(client.clientId(), client);
        }
    }

    /** Whether {@code clientId} is configured and {@code secret} is its secret. */
    public boolean authenticate(String clientId, String secret) {
        ClientConfig client = clientId == null ? null : clients.get(clientId);
        if (client == null || secret == null) {
            return false;
        }
        if (client.secretHash() != null) {
            return BCrypt.verifyer().verify(secret.toCharArray(), client.secretHash().getBytes(StandardCharsets.UTF_8)).verified;
        }
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), client.secret().getBytes(StandardCharsets.UTF_8));
    }
}
