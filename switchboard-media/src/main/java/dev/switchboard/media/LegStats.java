package dev.switchboard.media;

/**
 * A leg's counters at one moment ({@code GET /sim/v1/calls/{id}} shows part of them as {@code media}).
 *
 * @param codec             the codec's name, or {@code null} before the leg is configured
 * @param rtpSent           packets sent
 * @param rtpReceived       packets accepted from the remote address
 * @param lastPacketAgoMs   milliseconds since the last accepted packet (since configuration if none), or -1
 *                          before configuration
 * @param late              packets that came after their frame was played
 * @param lost              frames never received in time (played as silence)
 * @param duplicates        packets received twice
 * @param wrongSource       packets ignored because they came from another address
 * @param malformed         datagrams that were not RTP
 * @param digitsReceived    telephone events reported
 */
public record LegStats(String codec, long rtpSent, long rtpReceived, long lastPacketAgoMs, long late, long lost,
                       long duplicates, long wrongSource, long malformed, long digitsReceived) {
}
