package dev.switchboard.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpNegotiatorTest {

    private static final LocalMedia LOCAL = new LocalMedia("127.0.0.1", 20000);

    /** What baresip offers with audio_codecs=PCMU: always telephone-event too. */
    private static final String BARESIP_OFFER = "v=0\r\n"
            + "o=- 1234 5678 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=audio 10100 RTP/AVP 0 101\r\n"
            + "b=AS:64\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=ptime:20\r\n"
            + "a=sendrecv\r\n";

    @Test
    void answersThePhonesFirstSupportedCodecAndEchoesTelephoneEvent() throws Exception {
        SessionDescription offer = SdpParser.parse(BARESIP_OFFER);

        SdpNegotiator.Answer answer = SdpNegotiator.answer(offer, "42", 1, LOCAL, MediaDirection.SENDRECV);

        assertThat(answer.media()).isEqualTo(new NegotiatedMedia(Codec.PCMU, 0, 101, "127.0.0.1", 10100, 20000, 20,
                MediaDirection.SENDRECV));
        assertThat(answer.sdp()).contains("m=audio 20000 RTP/AVP 0 101\r\n", "a=rtpmap:101 telephone-event/8000\r\n",
                "a=fmtp:101 0-15\r\n", "a=ptime:20\r\n", "a=sendrecv\r\n", "c=IN IP4 127.0.0.1\r\n", "o=switchboard 42 1 ");
        assertThat(SdpParser.parse(answer.sdp()).audio()).isPresent();
    }

    @Test
    void prefersTheOfferersOrder() throws Exception {
        String offer = BARESIP_OFFER.replace("RTP/AVP 0 101", "RTP/AVP 18 8 0 101").replace("a=rtpmap:0 PCMU/8000\r\n",
                "a=rtpmap:18 G729/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n");

        SdpNegotiator.Answer answer = SdpNegotiator.answer(SdpParser.parse(offer), "1", 1, LOCAL, MediaDirection.SENDRECV);

        assertThat(answer.media().codec()).isEqualTo(Codec.PCMA);
        assertThat(answer.media().payloadType()).isEqualTo(8);
        assertThat(answer.sdp()).contains("m=audio 20000 RTP/AVP 8 101\r\n").doesNotContain("G729");
    }

    @Test
    void staticPayloadTypesNeedNoRtpmap() throws Exception {
        String offer = "v=0\no=x 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 8\n";

        NegotiatedMedia media = SdpNegotiator.answer(SdpParser.parse(offer), "1", 1, LOCAL, MediaDirection.SENDRECV).media();

        assertThat(media.codec()).isEqualTo(Codec.PCMA);
        assertThat(media.telephoneEventPayloadType()).isEqualTo(-1);
        assertThat(media.remoteAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    void noCommonCodecIs488() throws Exception {
        String offer = BARESIP_OFFER.replace("RTP/AVP 0 101", "RTP/AVP 9 101").replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:9 G722/8000");

        assertThatThrownBy(() -> SdpNegotiator.checkAcceptable(SdpParser.parse(offer)))
                .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.sipStatus()).isEqualTo(488));
    }

    @Test
    void videoIsRejectedWithPortZeroInTheSameOrder() throws Exception {
        String offer = "v=0\r\no=x 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                + "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\nm=audio 4000 RTP/AVP 0\r\n";

        String answer = SdpNegotiator.answer(SdpParser.parse(offer), "1", 1, LOCAL, MediaDirection.SENDRECV).sdp();

        assertThat(answer.indexOf("m=video 0 RTP/AVP 96")).isPositive().isLessThan(answer.indexOf("m=audio 20000"));
    }

    @Test
    void holdIsDetectedFromSendonlyInactiveAndZeroAddress() throws Exception {
        assertThat(SdpParser.parse(BARESIP_OFFER).holds()).isFalse();
        assertThat(SdpParser.parse(BARESIP_OFFER.replace("a=sendrecv", "a=sendonly")).holds()).isTrue();
        assertThat(SdpParser.parse(BARESIP_OFFER.replace("a=sendrecv", "a=inactive")).holds()).isTrue();
        assertThat(SdpParser.parse(BARESIP_OFFER.replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0")).holds()).isTrue();
    }

    @Test
    void answersAHoldWithRecvonlyAndOurHoldWithSendonly() throws Exception {
        SessionDescription held = SdpParser.parse(BARESIP_OFFER.replace("a=sendrecv", "a=sendonly"));

        assertThat(SdpNegotiator.answer(held, "1", 2, LOCAL, MediaDirection.SENDRECV).sdp()).contains("a=recvonly");
        assertThat(SdpNegotiator.answer(SdpParser.parse(BARESIP_OFFER), "1", 2, LOCAL, MediaDirection.SENDONLY).sdp())
                .contains("a=sendonly");
        assertThat(SdpNegotiator.answer(held, "1", 2, LOCAL, MediaDirection.SENDONLY).sdp()).contains("a=inactive");
    }

    @Test
    void ourOfferListsPcmuPcmaAndTelephoneEvent() throws Exception {
        String offer = SdpNegotiator.offer("7", 1, LOCAL, MediaDirection.SENDRECV);

        assertThat(offer).contains("m=audio 20000 RTP/AVP 0 8 101\r\n", "a=rtpmap:101 telephone-event/8000\r\n", "a=fmtp:101 0-16\r\n");
        SessionDescription answer = SdpParser.parse(BARESIP_OFFER);
        assertThat(SdpNegotiator.acceptAnswer(answer, LOCAL).codec()).isEqualTo(Codec.PCMU);
    }

    @Test
    void malformedBodiesAre400() {
        for (String bad : new String[] {"", "hello", "v=0\r\no=x\r\n", "v=0\no=x 1 1 IN IP4 a\nm=audio notaport RTP/AVP 0\n",
            "v=0\no=x 1 1 IN IP4 a\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=rtpmap:0\n", "x".repeat(10_000)}) {
            assertThatThrownBy(() -> SdpParser.parse(bad)).as(bad.length() > 40 ? "long" : bad)
                    .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.sipStatus()).isEqualTo(400));
        }
    }
}
