package dev.switchboard.sip.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP body (RFC 4566), reduced to what audio offer/answer needs.
 *
 * @param originUser the {@code o=} user name
 * @param sessionId the {@code o=} session id
 * @param sessionVersion the {@code o=} version, which an offerer increments whenever it changes the description
 * @param mediaLines every {@code m=} section in order: an answer must repeat them all, rejecting the ones not used
 */
public record SessionDescription(String originUser, String sessionId, long sessionVersion, List<MediaLine> mediaLines) {

    public SessionDescription {
        mediaLines = List.copyOf(mediaLines);
    }

    /** The first usable audio stream, the one Switchboard negotiates. */
    public Optional<MediaLine> audio() {
        return mediaLines.stream().filter(MediaLine::isUsableAudio).findFirst();
    }

    /** True when the audio stream puts the other side on hold (sendonly, inactive or {@code c=0.0.0.0}). */
    public boolean holds() {
        return audio().map(MediaLine::holds).orElse(false);
    }
}
