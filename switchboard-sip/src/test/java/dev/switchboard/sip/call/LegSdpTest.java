package dev.switchboard.sip.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sip.sdp.LocalMedia;
import org.junit.jupiter.api.Test;

class LegSdpTest {

    @Test
    void theVersionGrowsOnlyWhenTheDescriptionChanges() {
        LegSdp sdp = new LegSdp();
        sdp.local(new LocalMedia("127.0.0.1", 20000));

        String first = sdp.offer();
        String same = sdp.offer();
        sdp.weHold(true);
        String held = sdp.offer();

        assertThat(same).isEqualTo(first);
        assertThat(version(first)).isEqualTo(1);
        assertThat(version(held)).isEqualTo(2);
        assertThat(held).contains("a=sendonly");
        assertThat(sdp.lastBody()).isEqualTo(held);
    }

    private static long version(String sdp) {
        String origin = sdp.lines().filter(line -> line.startsWith("o=")).findFirst().orElseThrow();
        return Long.parseLong(origin.split(" ")[2]);
    }
}
