package dev.switchboard.sip;

import dev.switchboard.sip.sdp.LocalMedia;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An outbound call: to a DN's registered phone ({@link #toPhone}) or out through a trunk ({@link #toTrunk}).
 *
 * @param target the DN (phone) or the external number (trunk)
 * @param viaTrunk true to use the first trunk with an outbound template
 * @param from who the call appears to come from: user part and display name for the From header
 * @param local where the media module receives this leg's RTP: written into our SDP offer
 * @param extraHeaders headers added to the INVITE as they are (name → value), in order
 * @param listener receives the leg's reports
 */
public record DialRequest(String target, boolean viaTrunk, CallParty from, LocalMedia local, Map<String, String> extraHeaders,
                          LegListener listener) {

    public DialRequest {
        extraHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
    }

    public static DialRequest toPhone(String dn, CallParty from, LocalMedia local, LegListener listener) {
        return new DialRequest(dn, false, from, local, Map.of(), listener);
    }

    public static DialRequest toTrunk(String number, CallParty from, LocalMedia local, LegListener listener) {
        return new DialRequest(number, true, from, local, Map.of(), listener);
    }

    public DialRequest withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new DialRequest(target, viaTrunk, from, local, headers, listener);
    }

    /**
     * The supervisor's leg: asks the phone to answer at once, in both dialects phones understand
     * ({@code Call-Info …;answer-after=0} and {@code Alert-Info …;info=alert-autoanswer}).
     *
     * @param host our SIP host, written into the header URIs
     */
    public DialRequest withAutoAnswer(String host) {
        return withHeader("Call-Info", "<sip:" + host + ">;answer-after=0")
                .withHeader("Alert-Info", "<sip:" + host + ">;info=alert-autoanswer");
    }
}
