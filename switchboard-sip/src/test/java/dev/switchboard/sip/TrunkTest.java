package dev.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrunkTest {

    private final Trunk trunk = new Trunk("carrier", List.of("10.0.0.1", "127.0.0.1:5090"), "sip:{number}@127.0.0.1:5090");

    @Test
    void aHostMatchesAnyPortAndAHostPortOnlyItsPort() {
        assertThat(trunk.matches("10.0.0.1", 5060)).isTrue();
        assertThat(trunk.matches("10.0.0.1", 41234)).isTrue();
        assertThat(trunk.matches("127.0.0.1", 5090)).isTrue();
        assertThat(trunk.matches("127.0.0.1", 5060)).isFalse();
        assertThat(trunk.matches("10.0.0.2", 5060)).isFalse();
    }

    @Test
    void theTemplateTakesTheNumber() {
        assertThat(trunk.outboundUri("5551234")).contains("sip:5551234@127.0.0.1:5090");
        assertThat(new Trunk("in-only", List.of("10.0.0.1"), null).outboundUri("1")).isEmpty();
    }
}
