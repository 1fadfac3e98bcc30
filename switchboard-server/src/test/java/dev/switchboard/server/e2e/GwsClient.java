package dev.switchboard.server.e2e;

import java.io.IOException;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A GWS REST client for one user, as a desktop would be: either HTTP Basic on every request, or Basic once and then
 * the {@code JSESSIONID} cookie with the CSRF token the server handed out. Cookies are kept here, explicitly, not in
 * the shared Jetty client.
 */
public final class GwsClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the client authenticates after its first request. */
    public enum Auth {
        BASIC,
        COOKIE
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String userName;
    private final String password;
    private final Auth auth;
    private String sessionId;
    private String csrfToken;

    public GwsClient(HttpClient http, String baseUrl, String userName, String password, Auth auth) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.userName = userName;
        this.password = password;
        this.auth = auth;
    }

    public String userName() {
        return userName;
    }

    /** The {@code JSESSIONID} the server gave this client, or {@code null}. */
    public String sessionId() {
        return sessionId;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** Opens the cookie session (GET /api/v2/me with Basic) and returns the user object. */
    public JsonNode login() {
        Reply reply = send(HttpMethod.GET, "/api/v2/me", null, true);
        reply.assertOk();
        return reply.body().path("user");
    }

    public Reply get(String path) {
        return send(HttpMethod.GET, path, null, auth == Auth.BASIC || sessionId == null);
    }

    public Reply post(String path, String json) {
        return send(HttpMethod.POST, path, json, auth == Auth.BASIC || sessionId == null);
    }

    /** Posts {@code {"operationName": operation, ...}} built from {@code fields} (name, value pairs). */
    public Reply operation(String path, String operation, Object... fields) {
        StringBuilder json = new StringBuilder("{\"operationName\":").append(quote(operation));
        for (int i = 0; i < fields.length; i += 2) {
            json.append(',').append(quote(fields[i].toString())).append(':');
            try {
                json.append(JSON.writeValueAsString(fields[i + 1]));
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return post(path, json.append('}').toString());
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Sends a request exactly as given: for tests of bad input. */
    public Reply send(Request request) {
        try {
            ContentResponse response = request.timeout(10, TimeUnit.SECONDS).send();
            String content = response.getContentAsString();
            JsonNode body = content.isEmpty() ? JSON.createObjectNode() : JSON.readTree(content);
            remember(response);
            return new Reply(response.getStatus(), response.getHeaders(), body);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (ExecutionException | TimeoutException | IOException failed) {
            throw new IllegalStateException("Request failed: " + request.getMethod() + " " + request.getURI(), failed);
        }
    }

    /** A request to the server with this client's credentials (Basic when asked, else its cookie and token). */
    public Request request(HttpMethod method, String path, boolean basic) {
        Request request = http.newRequest(baseUrl + path).method(method);
        if (basic) {
            request.headers(h -> h.put(HttpHeader.AUTHORIZATION, basicHeader(userName, password)));
        } else if (sessionId != null) {
            request.headers(h -> h.put(HttpHeader.COOKIE, "JSESSIONID=" + sessionId));
            if (csrfToken != null) {
                request.headers(h -> h.put("X-CSRF-TOKEN", csrfToken));
            }
        }
        return request;
    }

    private Reply send(HttpMethod method, String path, String json, boolean basic) {
        Request request = request(method, path, basic);
        if (json != null) {
            request.body(new StringRequestContent("application/json", json, StandardCharsets.UTF_8));
        }
        return send(request);
    }

    private void remember(ContentResponse response) {
        for (String header : response.getHeaders().getValuesList(HttpHeader.SET_COOKIE)) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getName().equals("JSESSIONID")) {
                    sessionId = cookie.getValue();
                }
            }
        }
        String token = response.getHeaders().get("X-CSRF-TOKEN");
        if (token != null) {
            csrfToken = token;
        }
    }

    public static String basicHeader(String userName, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((userName + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
