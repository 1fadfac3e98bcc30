package dev.switchboard.sip;

import java.util.List;
import java.util.Optional;

/**
 * A SIP peer carrying customers' calls: the configuration's {@code trunks}.
 *
 * @param name a name for logs
 * @param sources the addresses whose INVITEs are external calls with no authentication: {@code host} or
 *                {@code host:port} (the port narrows the match, e.g. when phones share the trunk's host)
 * @param outboundUriTemplate where calls to numbers outside the dial plan go, e.g. {@code sip:{number}@127.0.0.1:5090};
 *                            null when this trunk takes no outbound calls
 */
public record Trunk(String name, List<String> sources, String outboundUriTemplate) {

    public Trunk {
        sources = List.copyOf(sources);
    }

    /** True when a request from host:port comes from this trunk. */
    public boolean matches(String host, int port) {
        return sources.stream().anyMatch(source -> sourceMatches(source, host, port));
    }

    /** True when one {@code host} or {@code host:port} source entry names host:port. */
    public static boolean sourceMatches(String source, String host, int port) {
        if (!hasPort(source)) {
            return source.equals(host);
        }
        int colon = source.indexOf(':');
        return source.substring(0, colon).equals(host) && source.substring(colon + 1).equals(String.valueOf(port));
    }

    /** True for a {@code host:port} entry (an IPv4 address or name with one colon). */
    public static boolean hasPort(String source) {
        int colon = source.indexOf(':');
        return colon > 0 && colon == source.lastIndexOf(':');
    }

    /** The request URI for a number, e.g. {@code sip:5551234@127.0.0.1:5090}; empty when there is no template. */
    public Optional<String> outboundUri(String number) {
        return Optional.ofNullable(outboundUriTemplate).map(template -> template.replace("{number}", number));
    }
}
