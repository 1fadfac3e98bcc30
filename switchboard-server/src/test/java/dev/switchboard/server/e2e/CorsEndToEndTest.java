package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Cross-origin requests from a desktop served elsewhere, with the demo's allowed origins (localhost, any port). */
class CorsEndToEndTest extends EndToEndTest {

    @Test
    void preflightFromAnAllowedOriginIsAnswered() throws Exception {
        ContentResponse response = http.newRequest(server.baseUrl() + "/api/v2/me/channels/voice")
                .method(HttpMethod.OPTIONS)
                .headers(h -> h.put("Origin", "http://localhost:3000")
                        .put("Access-Control-Request-Method", "POST")
                        .put("Access-Control-Request-Headers", "content-type,x-csrf-token"))
                .send();
        assertThat(response.getStatus()).isBetween(200, 204);
        assertThat(response.getHeaders().get("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(response.getHeaders().get("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(response.getHeaders().get("Access-Control-Allow-Methods")).contains("POST");
        assertThat(response.getHeaders().get("Access-Control-Allow-Headers").toLowerCase()).contains("x-csrf-token");
    }

    @Test
    void anAllowedOriginMayReadTheCsrfHeaders() throws Exception {
        ContentResponse response = http.newRequest(server.baseUrl() + "/api/v2/me")
                .headers(h -> h.put("Origin", "http://127.0.0.1:5173")
                        .put("Authorization", GwsClient.basicHeader("agent1", "password")))
                .send();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get("Access-Control-Allow-Origin")).isEqualTo("http://127.0.0.1:5173");
        assertThat(response.getHeaders().get("Access-Control-Expose-Headers")).contains("X-CSRF-TOKEN");
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() throws Exception {
        ContentResponse response = http.newRequest(server.baseUrl() + "/api/v2/me")
                .headers(h -> h.put("Origin", "http://evil.example")
                        .put("Authorization", GwsClient.basicHeader("agent1", "password")))
                .send();
        assertThat(response.getHeaders().get("Access-Control-Allow-Origin")).isNull();
    }
}
