package dev.switchboard.sip.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of an {@code Authorization} or {@code Proxy-Authorization} header value of scheme Digest,
 * e.g. {@code Digest username="5001", realm="switchboard", nonce="…", uri="sip:…", response="…", qop=auth, nc=…}.
 */
public final class DigestParameters {

    private final Map<String, String> values;

    private DigestParameters(Map<String, String> values) {
        this.values = values;
    }

    /** Parses a header value; empty when it is not a well-formed Digest value. */
    public static Optional<DigestParameters> parse(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String text = headerValue.trim();
        if (text.length() < 7 || !text.substring(0, 6).equalsIgnoreCase("Digest")) {
            return Optional.empty();
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int i = 6;
        int length = text.length();
        while (i < length) {
            while (i < length && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = text.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            i = equals + 1;
            String value;
            if (i < length && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    return Optional.empty();
                }
                value = text.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? length : comma;
                value = text.substring(i, end).trim();
                i = end;
            }
            values.put(name, value);
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(new DigestParameters(values));
    }

    public String get(String name) {
        return values.get(name);
    }

    public String username() {
        return values.get("username");
    }

    public String realm() {
        return values.get("realm");
    }

    public String nonce() {
        return values.get("nonce");
    }
}
