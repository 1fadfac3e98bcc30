/**
 * The registrar (RFC 3261 §10): {@link dev.switchboard.sip.registrar.Registrar} answers REGISTER,
 * {@link dev.switchboard.sip.registrar.BindingTable} is the in-memory location service on an injected clock.
 *
 * <p>An AOR is a DN: its user part is the account's user name and the digest user; the host is ignored (Switchboard
 * is its only domain). Phones are routed to by AOR, never by Contact user (baresip's is {@code 5001-0x…}), and
 * requests to a phone go to the address its REGISTER came from. Transitions are reported through
 * {@link dev.switchboard.sip.RegistrationListener}. Single writer: the SIP signalling thread.
 */
package dev.switchboard.sip.registrar;
