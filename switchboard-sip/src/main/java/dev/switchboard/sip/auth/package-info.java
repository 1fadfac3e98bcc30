/**
 * SIP digest authentication, server side: stateless HMAC nonces with a lifetime ({@code stale=true} after it),
 * MD5 with {@code qop=auth}. Credentials come from the upper layer's {@link dev.switchboard.sip.CredentialProvider}.
 *
 * <p>Stateless and thread-safe: nothing is kept per challenge, so unauthenticated floods cost no memory.
 */
package dev.switchboard.sip.auth;
