package dev.switchboard.sip.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 3264 offer/answer for one audio stream. Codec choice: the first of the offerer's formats that Switchboard
 * supports (PCMU, PCMA); telephone-event/8000 is echoed with the offerer's payload type when offered.
 */
public final class SdpNegotiator {

    /** The dynamic payload type Switchboard offers for telephone-event. */
    public static final int OFFERED_TELEPHONE_EVENT_PT = 101;

    private static final String TELEPHONE_EVENT_FMTP = "0-16";

    private SdpNegotiator() {
    }

    /** An answer to write back and what it agreed. */
    public record Answer(String sdp, NegotiatedMedia media) {
    }

    /** Our offer: PCMU, PCMA and telephone-event, in that order of preference. */
    public static String offer(String sessionId, long version, LocalMedia local, MediaDirection direction) {
        List<PayloadFormat> formats = List.of(
                new PayloadFormat(Codec.PCMU.staticPayloadType(), Codec.PCMU.encodingName(), Codec.CLOCK_RATE, null),
                new PayloadFormat(Codec.PCMA.staticPayloadType(), Codec.PCMA.encodingName(), Codec.CLOCK_RATE, null),
                new PayloadFormat(OFFERED_TELEPHONE_EVENT_PT, "telephone-event", Codec.CLOCK_RATE, TELEPHONE_EVENT_FMTP));
        return SdpWriter.write(sessionId, version, local, formats, direction, null, -1);
    }

    /**
     * Checks that an offer can be answered, without a local port yet.
     *
     * @throws SdpException 488 when there is no usable audio stream or no common codec
     */
    public static void checkAcceptable(SessionDescription offer) throws SdpException {
        chooseCodec(audioOf(offer));
    }

    /**
     * Answers an offer.
     *
     * @param direction our own wish (sendrecv normally, sendonly when we hold); combined with the offer's direction
     * @throws SdpException 488 when there is no usable audio stream or no common codec
     */
    public static Answer answer(SessionDescription offer, String sessionId, long version, LocalMedia local,
                                MediaDirection direction) throws SdpException {
        MediaLine audio = audioOf(offer);
        PayloadFormat codecFormat = chooseCodec(audio);
        Codec codec = Codec.of(codecFormat).orElseThrow();
        PayloadFormat telephoneEvent = audio.formats().stream().filter(PayloadFormat::isTelephoneEvent).findFirst().orElse(null);
        List<PayloadFormat> formats = new ArrayList<>();
        formats.add(new PayloadFormat(codecFormat.payloadType(), codec.encodingName(), Codec.CLOCK_RATE, null));
        if (telephoneEvent != null) {
            String fmtp = telephoneEvent.fmtp() != null ? telephoneEvent.fmtp() : TELEPHONE_EVENT_FMTP;
            formats.add(new PayloadFormat(telephoneEvent.payloadType(), "telephone-event", Codec.CLOCK_RATE, fmtp));
        }
        MediaDirection answered = combine(audio.direction().answerTo(), direction);
        String sdp = SdpWriter.write(sessionId, version, local, formats, answered, offer.mediaLines(),
                offer.mediaLines().indexOf(audio));
        NegotiatedMedia media = new NegotiatedMedia(codec, codecFormat.payloadType(),
                telephoneEvent == null ? -1 : telephoneEvent.payloadType(), audio.connectionAddress(), audio.port(),
                local.rtpPort(), audio.ptime() > 0 ? audio.ptime() : SdpWriter.PTIME, audio.direction());
        return new Answer(sdp, media);
    }

    /**
     * Reads the answer to one of our offers.
     *
     * @throws SdpException 488 when the answer picked nothing we offered
     */
    public static NegotiatedMedia acceptAnswer(SessionDescription answer, LocalMedia local) throws SdpException {
        MediaLine audio = audioOf(answer);
        PayloadFormat codecFormat = chooseCodec(audio);
        Codec codec = Codec.of(codecFormat).orElseThrow();
        int telephoneEvent = audio.formats().stream().filter(PayloadFormat::isTelephoneEvent)
                .mapToInt(PayloadFormat::payloadType).findFirst().orElse(-1);
        return new NegotiatedMedia(codec, codecFormat.payloadType(), telephoneEvent, audio.connectionAddress(), audio.port(),
                local.rtpPort(), audio.ptime() > 0 ? audio.ptime() : SdpWriter.PTIME, audio.direction());
    }

    private static MediaLine audioOf(SessionDescription description) throws SdpException {
        MediaLine audio = description.audio().orElseThrow(() -> new SdpException(488, "no RTP/AVP audio stream"));
        if (audio.connectionAddress() == null) {
            throw new SdpException(400, "audio stream without a connection address");
        }
        return audio;
    }

    private static PayloadFormat chooseCodec(MediaLine audio) throws SdpException {
        for (PayloadFormat format : audio.formats()) {
            if (Codec.of(format).isPresent()) {
                return format;
            }
        }
        throw new SdpException(488, "no common codec: Switchboard speaks PCMU and PCMA");
    }

    /** The answer direction allowed by the offer, narrowed by our own wish (hold = we only send). */
    private static MediaDirection combine(MediaDirection allowed, MediaDirection wish) {
        boolean send = sends(allowed) && sends(wish);
        boolean receive = receives(allowed) && receives(wish);
        if (send && receive) {
            return MediaDirection.SENDRECV;
        }
        if (send) {
            return MediaDirection.SENDONLY;
        }
        return receive ? MediaDirection.RECVONLY : MediaDirection.INACTIVE;
    }

    private static boolean sends(MediaDirection direction) {
        return direction == MediaDirection.SENDRECV || direction == MediaDirection.SENDONLY;
    }

    private static boolean receives(MediaDirection direction) {
        return direction == MediaDirection.SENDRECV || direction == MediaDirection.RECVONLY;
    }
}
