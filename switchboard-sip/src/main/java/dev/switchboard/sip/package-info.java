/**
 * Switchboard's SIP signalling: a registrar and back-to-back user agent legs over JAIN-SIP, with SDP offer/answer
 * as text. No media (the media module gets {@link dev.switchboard.sip.sdp.NegotiatedMedia}), no core types.
 *
 * <h2>The contract with the core</h2>
 * The core's endpoint port maps one-to-one:
 * <table>
 *   <caption>Endpoint port ↔ SIP layer</caption>
 *   <tr><th>switch asks</th><th>SIP layer</th></tr>
 *   <tr><td>{@code offer(leg)}</td><td>{@link dev.switchboard.sip.SipServer#dial(DialRequest)} (to a DN's phone
 *       or a trunk; {@link dev.switchboard.sip.DialRequest#withAutoAnswer(String)} for a supervisor)</td></tr>
 *   <tr><td>{@code answer}</td><td>{@link dev.switchboard.sip.SipLeg#answer} (after
 *       {@link dev.switchboard.sip.SipLeg#ringing()})</td></tr>
 *   <tr><td>{@code hold} / {@code retrieve}</td><td>{@link dev.switchboard.sip.SipLeg#hold()} /
 *       {@link dev.switchboard.sip.SipLeg#retrieve()}</td></tr>
 *   <tr><td>{@code release(cause)}</td><td>{@link dev.switchboard.sip.SipLeg#release()} or
 *       {@link dev.switchboard.sip.SipLeg#reject(int)} (486 busy, 603 decline, 404…)</td></tr>
 *   <tr><td>{@code sendDtmf}</td><td>{@link dev.switchboard.sip.SipLeg#sendDtmf(String)} (SIP INFO; RFC 4733 is
 *       the media module's)</td></tr>
 *   <tr><td>{@code connectMedia}</td><td>the media module, fed with the leg's
 *       {@link dev.switchboard.sip.sdp.NegotiatedMedia}</td></tr>
 * </table>
 * and the endpoint's reports are {@link dev.switchboard.sip.LegListener} ({@code ringing}, {@code answered},
 * {@code released(cause)}, {@code failed(status)}, {@code held}/{@code holdRefused}, {@code dtmf}, plus
 * {@code mediaChanged} when the phone holds or moves its RTP), new inbound calls arrive at
 * {@link dev.switchboard.sip.IncomingCallHandler}, and registrations at
 * {@link dev.switchboard.sip.RegistrationListener} (the device's {@code deviceState}).
 *
 * <h2>What the upper layer supplies</h2>
 * <ul>
 *   <li>{@link dev.switchboard.sip.CredentialProvider}: DN → digest password or HA1;</li>
 *   <li>{@link dev.switchboard.sip.SipServerConfig}: host, port (0 = pick one), trunks (sources and outbound URI
 *       template), registration bounds, realm;</li>
 *   <li>{@link dev.switchboard.sip.NumberPlan}: which targets exist (else 404);</li>
 *   <li>per leg, a {@link dev.switchboard.sip.sdp.LocalMedia} (the media module's address and RTP port), given to
 *       {@code dial} or {@code answer}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * JAIN-SIP's threads never run our logic and never block: the listener hands every event to one daemon
 * "sip-signalling" thread, which owns the registrar, every leg and the timers, so none of them needs a lock.
 * Upward calls (listeners, handler, credential provider, number plan) run on that thread and must return at once —
 * the core's adapter submits them to the switch's executor. Downward calls may come from any thread; they are
 * queued to the signalling thread and answered through the listeners.
 *
 * <h2>Who may do what</h2>
 * REGISTER and INVITE from phones are digest-challenged (401/407, MD5, qop=auth); INVITEs from a trunk's source
 * are external calls with From user = ani; anything else is refused with 403 and never relayed.
 */
package dev.switchboard.sip;
