/**
 * RTP (RFC 3550) and telephone events (RFC 4733), read and written in place in preallocated byte arrays.
 * {@link dev.switchboard.media.rtp.RtpHeader} reads any version-2 packet (CSRCs, header extension and padding
 * skipped) and writes the 12-byte header we send; {@link dev.switchboard.media.rtp.RtpStream} is one outgoing
 * stream's SSRC, sequence number and sampling clock; {@link dev.switchboard.media.rtp.TelephoneEvent} is the 4-byte
 * event payload and the DTMF digit map; {@link dev.switchboard.media.rtp.DtmfSender} turns a digit string into
 * start, update and three end packets, one per 20 ms tick. Nothing here allocates per packet.
 */
package dev.switchboard.media.rtp;
