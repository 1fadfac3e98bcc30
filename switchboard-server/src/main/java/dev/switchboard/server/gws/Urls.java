package dev.switchboard.server.gws;

/**
 * Builds every {@code uri} of a GWS body from the external base URL (GWS's {@code externalApiUrlV2}), so that
 * clients behind a proxy get addresses they can use.
 */
public final class Urls {
    private final String api;

    /** @param externalBaseUrl scheme, host and port, e.g. {@code http://127.0.0.1:8080}; a trailing slash is ignored */
    public Urls(String externalBaseUrl) {
        String base = externalBaseUrl.endsWith("/") ? externalBaseUrl.substring(0, externalBaseUrl.length() - 1) : externalBaseUrl;
        this.api = base + "/api/v2";
    }

    /** The API root, {@code …/api/v2}. */
    public String api() {
        return api;
    }

    public String device(String id) {
        return api + "/devices/" + id;
    }

    public String user(String id) {
        return api + "/users/" + id;
    }

    /** A call as the user sees it: GWS puts calls under {@code /me/calls}. */
    public String call(String id) {
        return api + "/me/calls/" + id;
    }

    /**
     * The id named by a call URI, absolute or relative ({@code …/calls/{id}}), or {@code null} when it is not one.
     */
    public static String callIdOf(String uri) {
        String marker = "/calls/";
        int at = uri.lastIndexOf(marker);
        String id = at < 0 ? uri : uri.substring(at + marker.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }

    public String voiceEnvironment(String id) {
        return api + "/voice-environments/" + id;
    }

    /**
     * The id named by a device URI, absolute ({@code http://…/api/v2/devices/{id}}) or relative
     * ({@code /devices/{id}}, {@code /api/v2/devices/{id}}), or {@code null} when it is not a device URI.
     */
    public static String deviceIdOf(String uri) {
        String marker = "/devices/";
        int at = uri.lastIndexOf(marker);
        if (at < 0) {
            return null;
        }
        String id = uri.substring(at + marker.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }
}
