package dev.switchboard.server.http;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.OAuthClients;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.log.Kv;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /auth/v3/oauth/token} in the shape of Genesys's Authentication API, password grant only: the client by
 * HTTP Basic {@code clientId:secret}, the form {@code grant_type=password&username=U&password=P} (optional
 * {@code client_id}, {@code scope}). The user's password goes through {@link Logins}, so the login throttle counts it
 * like any other login. Replies {@code {"access_token", "token_type": "bearer", "expires_in", "scope": "*"}}, or an
 * OAuth error body {@code {"error", "error_description"}}: 401 {@code invalid_client} (the client's credentials),
 * 401 {@code invalid_grant} (the user's, or throttled, with {@code Retry-After}), 400 {@code invalid_request} or
 * {@code unsupported_grant_type}.
 */
public final class TokenServlet extends HttpServlet {
    public static final String PATH = "/auth/v3/oauth/token";

    private static final long serialVersionUID = 1L;
    private static final Logger AUTH = LoggerFactory.getLogger("switchboard.auth");

    private final transient OAuthClients clients;
    private final transient Logins logins;
    private final transient Tokens tokens;

    public TokenServlet(OAuthClients clients, Logins logins, Tokens tokens) {
        this.clients = clients;
        this.logins = logins;
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            error(request, response, 405, "invalid_request", "Use POST with a form body");
            return;
        }
        String authorization = request.getHeader("Authorization");
        String[] client = authorization == null ? null : AuthFilter.basicCredentials(authorization);
        String remote = request.getRemoteAddr();
        String formClient = request.getParameter("client_id");
        if (client == null || formClient != null && !formClient.equals(client[0]) || !clients.authenticate(client[0], client[1])) {
            AUTH.warn("event=token-refused remote={} reason=invalid-client client={}", Kv.value(remote),
                    Kv.value(client == null ? formClient : client[0]));
            error(request, response, 401, "invalid_client", "Client authentication failed: give the client's id and secret by HTTP Basic");
            return;
        }
        String grantType = request.getParameter("grant_type");
        if (grantType == null) {
            error(request, response, 400, "invalid_request", "grant_type is required");
            return;
        }
        if (!grantType.equals("password")) {
            error(request, response, 400, "unsupported_grant_type", "Only the password grant is supported, not '" + grantType + "'");
            return;
        }
        String userName = userName(request.getParameter("username"));
        String password = request.getParameter("password");
        if (userName == null || password == null) {
            error(request, response, 400, "invalid_request", "username and password are required");
            return;
        }
        Logins.Result result = logins.login(userName, password, remote);
        if (result instanceof Logins.Throttled throttled) {
            long retryAfter = throttled.refusal().retryAfterSeconds();
            AUTH.warn("event=login-throttled user={} remote={} path={} limit={} retryAfterSeconds={}", Kv.value(userName),
                    Kv.value(remote), PATH, throttled.refusal().limit().name().toLowerCase(Locale.ROOT), retryAfter);
            response.setHeader("Retry-After", Long.toString(retryAfter));
            error(request, response, 401, "invalid_grant", throttled.message(userName));
            return;
        }
        if (!(result instanceof Logins.Accepted accepted)) {
            AUTH.warn("event=login-failed user={} remote={} path={} reason=bad-credentials", Kv.value(userName), Kv.value(remote),
                    PATH);
            error(request, response, 401, "invalid_grant", "Bad credentials");
            return;
        }
        String token = tokens.issue(accepted.user());
        AUTH.info("event=token user={} client={} remote={}", Kv.value(accepted.user().userName()), Kv.value(client[0]),
                Kv.value(remote));
        Map<String, Object> body = Json.object();
        body.put("access_token", token);
        body.put("token_type", "bearer");
        body.put("expires_in", tokens.lifetime().toSeconds());
        body.put("scope", "*");
        response.setHeader("Pragma", "no-cache");
        ApiServlet.write(request, response, 200, body);
    }

    /** The user name as given; Genesys clients may prefix it with a tenant ({@code tenant\\user}), which is dropped. */
    private static String userName(String given) {
        if (given == null) {
            return null;
        }
        int slash = given.lastIndexOf('\\');
        return slash < 0 ? given : given.substring(slash + 1);
    }

    private static void error(HttpServletRequest request, HttpServletResponse response, int status, String error,
            String description) throws IOException {
        Map<String, Object> body = Json.object();
        body.put("error", error);
        body.put("error_description", description);
        response.setHeader("Pragma", "no-cache");
        if (status == 401) {
            // HTTP requires a challenge with 401: this endpoint's is the client's Basic.
            response.setHeader("WWW-Authenticate", "Basic realm=\"Switchboard\"");
        }
        ApiServlet.write(request, response, status, body);
    }
}
