package dev.switchboard.server.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.core.directory.User;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One authenticated API request: the user, the path parameters, the query and, for POST, the JSON body with typed
 * accessors that fail with the right GWS statusCode (1 for missing, 2 for the wrong type).
 */
public final class ApiRequest {
    /** The largest body accepted; GWS operation bodies are a few hundred bytes. */
    public static final int MAX_BODY = 64 * 1024;

    private final HttpServletRequest http;
    private final User user;
    private final Map<String, String> pathParameters;
    private ObjectNode body;

    public ApiRequest(HttpServletRequest http, User user, Map<String, String> pathParameters) {
        this.http = http;
        this.user = user;
        this.pathParameters = pathParameters;
    }

    public User user() {
        return user;
    }

    public HttpServletRequest http() {
        return http;
    }

    public String path(String name) {
        return pathParameters.get(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(parameter(name));
    }

    /** A query parameter; a query that cannot be decoded is the client's error, not the server's. */
    private String parameter(String name) {
        try {
            return http.getParameter(name);
        } catch (IllegalArgumentException | IllegalStateException undecodable) {
            throw GwsException.invalid("Malformed query string");
        }
    }

    /**
     * The {@code fields} query parameter: empty when absent, {@code ["*"]} for all, else the names asked for.
     */
    public Set<String> fields() {
        return csv("fields");
    }

    /** The {@code subresources} query parameter, parsed like {@link #fields()}. */
    public Set<String> subresources() {
        return csv("subresources");
    }

    private Set<String> csv(String name) {
        String value = parameter(name);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(result::add);
        return result;
    }

    /** The JSON object body; fails with statusCode 2 when it is not one. */
    public ObjectNode body() {
        if (body == null) {
            body = readBody();
        }
        return body;
    }

    private ObjectNode readBody() {
        byte[] bytes;
        try {
            // With a declared length, read just that: readNBytes allocates its buffers from the limit it is given,
            // and 8 KB per request of a few dozen bytes was a tenth of what the server allocated under load (profile).
            int declared = http.getContentLength();
            bytes = http.getInputStream().readNBytes(declared >= 0 && declared <= MAX_BODY ? declared : MAX_BODY + 1);
        } catch (IOException failed) {
            throw GwsException.invalid("Cannot read the request body");
        }
        if (bytes.length > MAX_BODY) {
            throw new GwsException(StatusCodes.PARAMETER_INVALID, "Request body larger than " + MAX_BODY + " bytes", 413);
        }
        if (bytes.length == 0) {
            throw GwsException.missing("operationName");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException malformed) {
            // Jackson's first line says what is wrong ("Duplicate field 'x'"), unless it names Jackson's own classes
            // and limits; the location is what a client can act on either way.
            String reason = malformed.getOriginalMessage() == null ? "" : malformed.getOriginalMessage().split("\n", 2)[0];
            boolean internal = reason.contains("com.fasterxml") || reason.contains("Constraints") || reason.contains("jackson");
            com.fasterxml.jackson.core.JsonLocation at = malformed.getLocation();
            throw GwsException.invalid("Malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + (internal || reason.isBlank() ? "" : ": " + reason));
        } catch (IOException failed) {
            throw GwsException.invalid("Cannot read the request body");
        }
        if (node == null || node.isMissingNode()) {
            throw GwsException.missing("operationName");
        }
        if (!(node instanceof ObjectNode object)) {
            throw GwsException.invalid("The request body must be a JSON object");
        }
        return object;
    }

    /** The body's {@code operationName} when the body was read and names one as a string; never reads the body. */
    public Optional<String> parsedOperationName() {
        JsonNode name = body == null ? null : body.get("operationName");
        return name != null && name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }

    /** The required {@code operationName}. */
    public String operationName() {
        return requiredString("operationName");
    }

    /** A required string parameter: missing or null → 1, not a string or empty → 2. */
    public String requiredString(String name) {
        JsonNode value = body().get(name);
        if (value == null || value.isNull()) {
            throw GwsException.missing(name);
        }
        if (!value.isTextual()) {
            throw GwsException.invalid("Parameter '" + name + "' must be a string");
        }
        if (value.textValue().isEmpty()) {
            throw GwsException.invalid("Parameter '" + name + "' must not be empty");
        }
        return value.textValue();
    }

    /** An optional string parameter: absent or null → empty; present but not a non-empty string → 2. */
    public Optional<String> optionalString(String name) {
        JsonNode value = body().get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw GwsException.invalid("Parameter '" + name + "' must be a string");
        }
        if (value.textValue().isEmpty()) {
            throw GwsException.invalid("Parameter '" + name + "' must not be empty");
        }
        return Optional.of(value.textValue());
    }

    /** The most pairs a {@code userData} object may carry. */
    public static final int MAX_USER_DATA_PAIRS = 100;
    /** How deep user data may nest: a pair's value is level 1, a member of an object in it level 2 (docs/compatibility.md). */
    public static final int MAX_USER_DATA_DEPTH = 8;

    /**
     * The {@code userData} parameter, in the order sent: values are strings, numbers, booleans, and objects and arrays
     * of them, nested (Workspace Web Edition writes {@code WWE_PARTY_<DN>} objects on every call), at most
     * {@link #MAX_USER_DATA_DEPTH} levels deep. Absent or {@code null}: an empty map, unless {@code required}.
     */
    public Map<String, Object> userData(boolean required) {
        JsonNode data = body().get("userData");
        if (data == null || data.isNull()) {
            if (required) {
                throw GwsException.missing("userData");
            }
            return Map.of();
        }
        if (!data.isObject()) {
            throw GwsException.invalid("Parameter 'userData' must be an object");
        }
        if (data.size() > MAX_USER_DATA_PAIRS) {
            throw GwsException.invalid("Parameter 'userData' has more than " + MAX_USER_DATA_PAIRS + " pairs");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (field.getKey().isEmpty()) {
                throw GwsException.invalid("Parameter 'userData' has an empty key");
            }
            result.put(field.getKey(), userDataValue(field.getKey(), field.getValue(), 1));
        }
        return result;
    }

    /** One user-data value, made immutable; {@code depth} is how deep in {@code userData} it stands (a pair is 1). */
    private static Object userDataValue(String key, JsonNode value, int depth) {
        if (depth > MAX_USER_DATA_DEPTH) {
            throw GwsException.invalid("userData '" + key + "' is nested deeper than " + MAX_USER_DATA_DEPTH + " levels");
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                object.put(field.getKey(), userDataValue(key, field.getValue(), depth + 1));
            }
            return java.util.Collections.unmodifiableMap(object);
        }
        if (value.isArray()) {
            java.util.List<Object> array = new java.util.ArrayList<>();
            for (JsonNode element : value) {
                array.add(userDataValue(key, element, depth + 1));
            }
            return java.util.Collections.unmodifiableList(array);
        }
        throw GwsException.invalid("userData '" + key + "' must be a string, a number, a boolean, an object or an array, not null");
    }

    /** A required JSON array parameter. */
    public JsonNode requiredArray(String name) {
        JsonNode value = body().get(name);
        if (value == null || value.isNull()) {
            throw GwsException.missing(name);
        }
        if (!value.isArray()) {
            throw GwsException.invalid("Parameter '" + name + "' must be an array");
        }
        return value;
    }
}
