package dev.switchboard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

import dev.switchboard.server.e2e.EndToEndTest;

/**
 * The console's files at {@code /}: the page, every module it imports (the CometD client from the examples' copy),
 * with their content types; anything else is still a GWS 404, as before the console.
 */
class ConsolePageTest extends EndToEndTest {
    private static final Pattern IMPORT = Pattern.compile("from \"\\./([A-Za-z0-9/]+\\.js)\"");

    @Test
    void servesThePageAndEveryModuleItImports() throws Exception {
        ContentResponse page = get("/");
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getMediaType()).isEqualTo("text/html");
        assertThat(page.getContentAsString()).contains("<script type=\"module\" src=\"/console/app.js\">", "/console/console.css");
        assertThat(get("/console/console.css").getMediaType()).isEqualTo("text/css");
        for (String module : new String[] {"app.js", "api.js", "push.js", "gws.js", "floor.js", "grid.js", "monitor.js", "desktop.js",
            "stats.js", "util.js"}) {
            ContentResponse script = get("/console/" + module);
            assertThat(script.getStatus()).as(module).isEqualTo(200);
            assertThat(script.getMediaType()).as(module).isEqualTo("text/javascript");
            Matcher imports = IMPORT.matcher(script.getContentAsString());
            while (imports.find()) {
                assertThat(get("/console/" + imports.group(1)).getStatus()).as(module + " imports " + imports.group(1)).isEqualTo(200);
            }
        }
        assertThat(get("/console/cometd/WebSocketTransport.js").getStatus()).isEqualTo(200);
    }

    @Test
    void anythingElseIsAGws404() throws Exception {
        for (String path : new String[] {"/nothing", "/console/", "/console/secret.class", "/console/%2e%2e/api.js",
            "/console/cometd/LICENSE", "/console/config/demo.yaml"}) {
            ContentResponse reply = get(path);
            assertThat(reply.getStatus()).as(path).isIn(400, 404);
            if (reply.getStatus() == 404) {
                assertThat(reply.getContentAsString()).as(path).contains("\"statusCode\":6");
            }
        }
    }

    @Test
    void logoutEndsTheSessionWithItsCsrfTokenOnly() throws Exception {
        var client = loggedIn("agent1");
        ContentResponse withoutToken = http.newRequest(server.baseUrl() + "/console/logout").method(HttpMethod.POST)
                .headers(h -> h.put("Cookie", "JSESSIONID=" + client.sessionId())).send();
        assertThat(withoutToken.getStatus()).isEqualTo(403);
        client.get("/api/v2/me").assertOk();
        ContentResponse logout = http.newRequest(server.baseUrl() + "/console/logout").method(HttpMethod.POST)
                .headers(h -> h.put("Cookie", "JSESSIONID=" + client.sessionId()).put("X-CSRF-TOKEN", client.csrfToken())).send();
        assertThat(logout.getStatus()).isEqualTo(200);
        assertThat(client.get("/api/v2/me").status()).isEqualTo(401);
    }

    private static ContentResponse get(String path) throws Exception {
        return http.newRequest(server.baseUrl() + path).send();
    }
}
