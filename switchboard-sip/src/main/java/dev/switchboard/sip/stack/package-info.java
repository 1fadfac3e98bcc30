/**
 * The JAIN-SIP plumbing: {@link dev.switchboard.sip.stack.SipStackHolder} creates the stack (properties, one UDP and
 * one TCP listening point on one port) and stops it completely; the SLF4J-backed
 * {@link dev.switchboard.sip.stack.Slf4jStackLogger} and {@link dev.switchboard.sip.stack.Slf4jServerLogger}
 * replace JAIN-SIP's log4j default (without them the stack fails and leaves threads behind);
 * {@link dev.switchboard.sip.stack.HopRouter} sends a call's requests to the address its phone registered from.
 *
 * <p>Uses the OSI-licensed {@code org.jitsi:jain-sip-ri-ossonly} ({@code gov.nist}, public domain) with the
 * Apache-2.0 {@code javax.sip} API of {@code org.opentelecoms.sip:sip-api-1.2}; {@code javax.sdp} is never used.
 */
package dev.switchboard.sip.stack;
