/**
 * The SIP phone adapter: the endpoint kind that makes real phones ring and carries their audio. It joins
 * {@code switchboard-sip} (registrar, B2BUA legs) and {@code switchboard-media} (the mixer) to the core's endpoint port:
 * the switch offers, answers, holds and releases legs through {@link dev.switchboard.phone.PhoneEndpoint}; phones and
 * trunks report back through the switch's {@code leg*} commands; registrations become the devices' {@code deviceState};
 * an INVITE from a phone or a trunk becomes a call. Who hears whom is the switch's: the mixer plays what
 * {@link dev.switchboard.core.endpoint.CallMedia} says.
 *
 * <p>One thread, {@code phone-adapter}, owns the adapter's state: the switch thread, the SIP signalling thread and the
 * media I/O thread only hand it work.
 */
package dev.switchboard.phone;
