package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.jetty.http.HttpFields;

/** A REST reply: HTTP status, headers and the JSON body. */
public record Reply(int status, HttpFields headers, JsonNode body) {

    public int statusCode() {
        return body.path("statusCode").asInt(-1);
    }

    public String statusMessage() {
        return body.path("statusMessage").asText(null);
    }

    /** Asserts HTTP 200 with {@code statusCode} 0, and returns this reply. */
    public Reply assertOk() {
        assertThat(status).as("HTTP status of %s", body).isEqualTo(200);
        assertThat(statusCode()).as("statusCode of %s", body).isZero();
        assertThat(body.has("statusMessage")).as("statusMessage on success: %s", body).isFalse();
        return this;
    }

    /** Asserts a GWS failure with this HTTP status and statusCode, and returns this reply. */
    public Reply assertError(int httpStatus, int statusCode) {
        assertThat(status).as("HTTP status of %s", body).isEqualTo(httpStatus);
        assertThat(statusCode()).as("statusCode of %s", body).isEqualTo(statusCode);
        assertThat(statusMessage()).as("statusMessage of %s", body).isNotBlank();
        assertThat(body.size()).as("an error body has only statusCode and statusMessage: %s", body).isEqualTo(2);
        return this;
    }
}
