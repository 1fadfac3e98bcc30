package dev.switchboard.sip.call;

import dev.switchboard.sip.sdp.LocalMedia;
import dev.switchboard.sip.sdp.MediaDirection;
import dev.switchboard.sip.sdp.SdpException;
import dev.switchboard.sip.sdp.SdpNegotiator;
import dev.switchboard.sip.sdp.SessionDescription;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Our side of one leg's offer/answer: the stable {@code o=} session id, a version that grows only when the
 * description changes (RFC 3264 §8), the local media and whether we hold the other side.
 * Used on the signalling thread only.
 */
final class LegSdp {

    private final String sessionId = String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));
    private long version = 1;
    private LocalMedia local;
    private boolean weHold;
    private String lastBody;
    private String lastBodyWithoutOrigin;

    LocalMedia local() {
        return local;
    }

    void local(LocalMedia media) {
        this.local = media;
    }

    boolean weHold() {
        return weHold;
    }

    void weHold(boolean hold) {
        this.weHold = hold;
    }

    /** Our offer for the current state: all codecs, sendonly while we hold. */
    String offer() {
        return settle(SdpNegotiator.offer(sessionId, version, local, wish()));
    }

    /** Our answer to an offer for the current state. */
    SdpNegotiator.Answer answer(SessionDescription offer) throws SdpException {
        SdpNegotiator.Answer answer = SdpNegotiator.answer(offer, sessionId, version, local, wish());
        String settled = settle(answer.sdp());
        return new SdpNegotiator.Answer(settled, answer.media());
    }

    /** The last description sent: what a session refresh repeats unchanged. */
    String lastBody() {
        return lastBody != null ? lastBody : offer();
    }

    private MediaDirection wish() {
        return weHold ? MediaDirection.SENDONLY : MediaDirection.SENDRECV;
    }

    /** Keeps the version when only the version could differ; bumps it when anything else changed. */
    private String settle(String body) {
        String withoutOrigin = withoutOrigin(body);
        if (lastBodyWithoutOrigin != null && !lastBodyWithoutOrigin.equals(withoutOrigin)) {
            version++;
            body = body.replaceFirst("(?m)^o=(\\S+) (\\S+) \\d+ ", "o=$1 $2 " + version + " ");
        }
        lastBody = body;
        lastBodyWithoutOrigin = withoutOrigin;
        return body;
    }

    private static String withoutOrigin(String body) {
        return body.replaceFirst("(?m)^o=.*$", "");
    }
}
