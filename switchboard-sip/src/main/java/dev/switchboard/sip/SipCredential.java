package dev.switchboard.sip;

import dev.switchboard.sip.auth.Md5;

/**
 * A SIP account's digest secret: either the plain password or HA1 = MD5(user:realm:password), so that the
 * configuration may store HA1 instead of the password.
 */
public final class SipCredential {

    private final String password;
    private final String ha1;

    private SipCredential(String password, String ha1) {
        this.password = password;
        this.ha1 = ha1;
    }

    public static SipCredential password(String password) {
        return new SipCredential(password, null);
    }

    /** HA1 as lower-case hex, computed for the realm Switchboard's registrar uses. */
    public static SipCredential ha1(String ha1Hex) {
        return new SipCredential(null, ha1Hex.toLowerCase(java.util.Locale.ROOT));
    }

    /** HA1 for this user in this realm (RFC 2617 §3.2.2.2, algorithm MD5). */
    public String ha1(String user, String realm) {
        return ha1 != null ? ha1 : Md5.hex(user + ":" + realm + ":" + password);
    }

    @Override
    public String toString() {
        return "SipCredential[****]";
    }
}
