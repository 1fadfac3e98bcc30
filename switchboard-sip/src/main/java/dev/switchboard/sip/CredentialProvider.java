package dev.switchboard.sip;

import java.util.Optional;

/**
 * The accounts that may register and place calls: user = the DN number. Supplied by the upper layer from the
 * configuration (each DN's {@code sipPassword}).
 *
 * <p>Called on the SIP signalling thread for every REGISTER and INVITE carrying credentials: it must answer from
 * memory, never block on I/O.
 */
@FunctionalInterface
public interface CredentialProvider {

    /** The credential of this user, or empty when no such account exists (answered 403, like a wrong password). */
    Optional<SipCredential> credentialOf(String user);
}
