package dev.switchboard.sip;

/**
 * One end of a call as SIP names it.
 *
 * @param user the URI user: a DN, a routing point, or an external number ({@code ani} for trunk calls)
 * @param displayName the display name, or null
 * @param uri the full URI as received, e.g. {@code sip:5001@127.0.0.1}
 */
public record CallParty(String user, String displayName, String uri) {
}
