package dev.switchboard.sip.sdp;

/** A session description that cannot be parsed or negotiated; carries the SIP status to answer with. */
public class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int sipStatus;

    public SdpException(int sipStatus, String message) {
        super(message);
        this.sipStatus = sipStatus;
    }

    /** 400 for an unparseable body, 488 (Not Acceptable Here) for no common codec. */
    public int sipStatus() {
        return sipStatus;
    }
}
