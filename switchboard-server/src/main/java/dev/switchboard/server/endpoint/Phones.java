package dev.switchboard.server.endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.media.LegStats;
import dev.switchboard.phone.PhoneSettings;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.config.ContactCenterConfig.DnConfig;
import dev.switchboard.server.config.ContactCenterConfig.PlaceConfig;
import dev.switchboard.sip.SipCredential;
import dev.switchboard.sip.Trunk;

/** The phone adapter's settings from the configuration's {@code sip} section and the DNs' SIP passwords. */
public final class Phones {

    private Phones() {
    }

    /** Where calls' recordings are written: {@code DATA_DIR/recordings}. */
    public static Path recordings(Path dataDir) {
        return dataDir.resolve("recordings");
    }

    /** A leg's media counters as {@code GET /sim/v1/calls/{id}} shows them. */
    public static Map<String, Object> mediaJson(LegStats stats) {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("codec", stats.codec());
        media.put("rtpSent", stats.rtpSent());
        media.put("rtpReceived", stats.rtpReceived());
        media.put("lastPacketAgoMs", stats.lastPacketAgoMs());
        return media;
    }

    /** The settings the configuration describes (checked by the configuration loader already). */
    public static PhoneSettings settings(ContactCenterConfig config, Path dataDir) {
        ContactCenterConfig.SipConfig sip = config.sip();
        Map<String, SipCredential> accounts = new LinkedHashMap<>();
        for (PlaceConfig place : config.places()) {
            for (DnConfig dn : place.dns()) {
                if (dn.sipPasswordHash() != null) {
                    accounts.put(dn.number(), SipCredential.ha1(dn.sipPasswordHash()));
                } else if (dn.sipPassword() != null) {
                    accounts.put(dn.number(), SipCredential.password(dn.sipPassword()));
                }
            }
        }
        List<Trunk> trunks = sip.trunks().stream().map(trunk -> new Trunk(trunk.name(), trunk.sources(), trunk.outbound())).toList();
        String[] range = sip.rtpPorts().split("-");
        return new PhoneSettings(sip.host(), sip.port(), Integer.parseInt(range[0]), Integer.parseInt(range[1]), accounts, trunks,
                Duration.ofSeconds(sip.inactivitySeconds()), recordings(dataDir));
    }
}
