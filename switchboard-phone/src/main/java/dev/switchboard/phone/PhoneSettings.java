package dev.switchboard.phone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.switchboard.sip.SipCredential;
import dev.switchboard.sip.Trunk;

/**
 * How the phone adapter listens and whom it lets in.
 *
 * @param host        the address SIP and RTP listen on and write into Via, Contact and SDP ({@code --sip-host})
 * @param port        the SIP port, UDP and TCP; 0 picks a free one ({@code --sip-port})
 * @param firstRtpPort the lowest RTP port ({@code --rtp-ports})
 * @param lastRtpPort  the highest RTP port
 * @param accounts    each DN's digest secret: the DNs that may register a phone
 * @param trunks      the SIP peers whose INVITEs are customers' calls, and where calls to outside numbers go
 * @param inactivity  how long a leg may send no RTP before it is released
 * @param recordings  where calls' recordings are written (WAV, one per recorded call)
 */
public record PhoneSettings(String host, int port, int firstRtpPort, int lastRtpPort, Map<String, SipCredential> accounts,
                            List<Trunk> trunks, Duration inactivity, Path recordings) {

    public PhoneSettings {
        Objects.requireNonNull(host, "host");
        accounts = Map.copyOf(accounts);
        trunks = List.copyOf(trunks);
        Objects.requireNonNull(inactivity, "inactivity");
        Objects.requireNonNull(recordings, "recordings");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("SIP port out of range: " + port);
        }
        if (firstRtpPort < 1 || lastRtpPort > 65535 || lastRtpPort <= firstRtpPort) {
            throw new IllegalArgumentException("Bad RTP port range " + firstRtpPort + "-" + lastRtpPort);
        }
    }

    /** Whether a trunk takes calls to numbers outside the dial plan. */
    public boolean hasOutboundTrunk() {
        return trunks.stream().anyMatch(trunk -> trunk.outboundUriTemplate() != null);
    }
}
