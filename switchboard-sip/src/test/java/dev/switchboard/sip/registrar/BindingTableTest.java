package dev.switchboard.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.sip.auth.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BindingTableTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final BindingTable table = new BindingTable(clock);

    @Test
    void aBindingLivesExactlyItsExpiry() throws Exception {
        table.update(binding("sip:5001-0x1@127.0.0.1:5170", "call-1", 1, 60), 60);

        clock.advance(Duration.ofSeconds(59));
        assertThat(table.isRegistered("5001")).isTrue();
        assertThat(table.current("5001").get(0).secondsLeft(clock.instant())).isEqualTo(1);
        assertThat(table.expire()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(table.isRegistered("5001")).isFalse();
        assertThat(table.expire()).containsExactly("5001");
        assertThat(table.expire()).isEmpty();
    }

    @Test
    void aRefreshExtendsAndTheLastRefreshedIsPreferred() throws Exception {
        table.update(binding("sip:a@127.0.0.1:5170", "call-1", 1, 60), 60);
        table.update(binding("sip:b@127.0.0.1:5172", "call-2", 1, 120), 120);
        clock.advance(Duration.ofSeconds(50));
        table.update(binding("sip:a@127.0.0.1:5170", "call-1", 2, 600), 600);

        assertThat(table.preferred("5001")).get().extracting(Binding::contactUri).isEqualTo("sip:a@127.0.0.1:5170");
        clock.advance(Duration.ofSeconds(100));
        assertThat(table.current("5001")).extracting(Binding::contactUri).containsExactly("sip:a@127.0.0.1:5170");
        assertThat(table.expire()).isEmpty();
    }

    @Test
    void expiresZeroRemovesOneContactAndStarRemovesAll() throws Exception {
        table.update(binding("sip:a@127.0.0.1:5170", "call-1", 1, 60), 60);
        table.update(binding("sip:b@127.0.0.1:5172", "call-2", 1, 60), 60);

        table.update(binding("sip:a@127.0.0.1:5170", "call-1", 2, 0), 0);
        assertThat(table.current("5001")).hasSize(1);

        table.removeAll("5001", "call-2", 2);
        assertThat(table.isRegistered("5001")).isFalse();
        assertThat(table.size()).isZero();
    }

    @Test
    void anOlderCseqOnTheSameCallIdIsOutOfOrderButARetransmissionIsNot() throws Exception {
        table.update(binding("sip:a@127.0.0.1:5170", "call-1", 5, 60), 60);

        table.update(binding("sip:a@127.0.0.1:5170", "call-1", 5, 60), 60);
        assertThatThrownBy(() -> table.update(binding("sip:a@127.0.0.1:5170", "call-1", 4, 60), 60))
                .isInstanceOf(BindingTable.OutOfOrderException.class);
        table.update(binding("sip:a@127.0.0.1:5170", "call-9", 1, 60), 60);
        assertThat(table.current("5001")).extracting(Binding::callId).containsExactly("call-9");
    }

    private Binding binding(String contact, String callId, long cseq, int expires) {
        return new Binding("5001", contact, callId, cseq, clock.instant().plusSeconds(expires), "127.0.0.1", 5170, "udp", false);
    }
}
