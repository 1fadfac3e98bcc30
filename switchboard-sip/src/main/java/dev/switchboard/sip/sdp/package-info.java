/**
 * SDP as text: a small parser ({@link dev.switchboard.sip.sdp.SdpParser}) and offer/answer
 * ({@link dev.switchboard.sip.sdp.SdpNegotiator}) for one G.711 audio stream with RFC 4733 telephone events.
 *
 * <p>Deliberately not {@code javax.sdp}: the JAIN-SIP jars that bundle it carry a non-free licence for that package.
 * The output of a negotiation is a {@link dev.switchboard.sip.sdp.NegotiatedMedia} (codec, payload types, remote RTP
 * address and port, local port): that is the whole hand-over to the media module. The local address and port come
 * from the upper layer as {@link dev.switchboard.sip.sdp.LocalMedia}; this package never binds a socket.
 *
 * <p>All classes are immutable or stateless and safe on any thread.
 */
package dev.switchboard.sip.sdp;
