package dev.switchboard.sip.registrar;

import java.time.Instant;

/**
 * One registered contact of an AOR (RFC 3261 §10.3).
 *
 * @param aor the AOR's user part (the DN)
 * @param contactUri the Contact URI the phone registered, e.g. {@code sip:5001-0x55…@127.0.0.1:5170}
 * @param callId the REGISTER's Call-ID, which orders refreshes with {@code cseq}
 * @param cseq the REGISTER's CSeq number
 * @param expiresAt when the binding lapses without a refresh
 * @param sourceHost the address the REGISTER came from: where requests to this phone go (NAT-safe)
 * @param sourcePort the port it came from
 * @param transport {@code udp} or {@code tcp}
 * @param allowsTalk true when the phone advertised {@code Allow-Events: talk} (remote answer by NOTIFY)
 */
public record Binding(String aor, String contactUri, String callId, long cseq, Instant expiresAt, String sourceHost,
                      int sourcePort, String transport, boolean allowsTalk) {

    /** Whole seconds left at this instant, never negative. */
    public long secondsLeft(Instant now) {
        return Math.max(0, (expiresAt.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
    }
}
