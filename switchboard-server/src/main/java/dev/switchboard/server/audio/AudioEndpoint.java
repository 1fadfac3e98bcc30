package dev.switchboard.server.audio;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.phone.BrowserAudio;
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.http.AuthFilter;

/**
 * {@code /ext/v1/audio}: a Switchboard extension (not GWS) over which a logged-in user's page becomes the audio
 * endpoint of one of the devices of their place, as a WebSocket of {@link AudioFrames} both ways. Authenticated like
 * the rest: the GWS session cookie (what a browser sends), else {@code Authorization: Basic} (through the login
 * throttle) or a bearer token. {@code ?deviceId=} picks the device; without it, the first DN of the user's place.
 * Refusals are plain HTTP statuses on the upgrade: 401 without credentials, 403 for a device not the user's, 404 for
 * a user with no place.
 */
public final class AudioEndpoint {
    /** Where pages connect. */
    public static final String PATH = "/ext/v1/audio";
    private static final Logger AUTH = LoggerFactory.getLogger("switchboard.auth");

    private final Directory directory;
    private final Logins logins;
    private final Tokens tokens;
    private final BrowserAudio browsers;

    private AudioEndpoint(Directory directory, Logins logins, Tokens tokens, BrowserAudio browsers) {
        this.directory = directory;
        this.logins = logins;
        this.tokens = tokens;
        this.browsers = browsers;
    }

    /**
     * Maps {@link #PATH} on the context's WebSocket container when it starts, through an upgrade handler inside the
     * session handler (as CometD's), so that the HTTP session is there at the upgrade.
     */
    public static void install(Server server, ServletContextHandler context, Directory directory, Logins logins, Tokens tokens,
                               BrowserAudio browsers) {
        AudioEndpoint endpoint = new AudioEndpoint(directory, logins, tokens, browsers);
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, context,
                container -> container.addMapping(PATH, endpoint::create));
        context.getSessionHandler().insertHandler(upgrade);
    }

    private Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Optional<User> user = authenticate(request);
        if (user.isEmpty()) {
            response.getHeaders().put("WWW-Authenticate", "Basic realm=\"Switchboard\"");
            Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401);
            return null;
        }
        List<Dn> own = ownDevices(user.get());
        if (own.isEmpty()) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, "the user has no place");
            return null;
        }
        Fields query = Request.extractQueryParameters(request);
        String deviceId = query.getValue("deviceId");
        Optional<Dn> dn = deviceId == null ? Optional.of(own.get(0)) : own.stream().filter(each -> each.id().equals(deviceId)).findFirst();
        if (dn.isEmpty()) {
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "not a device of the user's place");
            return null;
        }
        return new AudioSocket(browsers, user.get(), dn.get());
    }

    /** The devices (extension DNs) of the user's place. */
    private List<Dn> ownDevices(User user) {
        if (user.defaultPlace() == null) {
            return List.of();
        }
        return directory.placeByName(user.defaultPlace()).map(directory::dnsOf).orElse(List.of()).stream()
                .filter(dn -> dn.type().isAgentDevice()).toList();
    }

    /** The cookie session's user, else the bearer token's, else the Basic header's (through the login throttle). */
    private Optional<User> authenticate(ServerUpgradeRequest request) {
        Session session = request.getSession(false);
        Object userId = session == null ? null : session.getAttribute(AuthFilter.SESSION_USER);
        if (userId != null) {
            return directory.userById(userId.toString());
        }
        String authorization = request.getHeaders().get("Authorization");
        String bearer = Tokens.bearer(authorization);
        if (bearer != null) {
            return tokens == null ? Optional.empty() : tokens.user(bearer);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String remote = Request.getRemoteAddr(request);
        Logins.Result result = logins.login(decoded.substring(0, colon), decoded.substring(colon + 1), remote);
        if (result instanceof Logins.Accepted accepted) {
            return Optional.of(accepted.user());
        }
        AUTH.warn("event=audio-denied remote={} reason={}", remote, result instanceof Logins.Throttled ? "throttled" : "bad-credentials");
        return Optional.empty();
    }
}
