package dev.switchboard.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a client sends cannot break a log line or forge a key. */
class KvTest {
    @Test
    void plainTokensStayPlain() {
        assertThat(Kv.value("agent1")).isEqualTo("agent1");
        assertThat(Kv.value("/api/v2/me/calls/{id}")).isEqualTo("/api/v2/me/calls/{id}");
        assertThat(Kv.value(null)).isEqualTo("-");
    }

    @Test
    void anythingElseIsQuotedAndEscaped() {
        assertThat(Kv.value("a b")).isEqualTo("\"a b\"");
        assertThat(Kv.value("x\nevent=login user=admin")).isEqualTo("\"x\\u000aevent=login user=admin\"");
        assertThat(Kv.value("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
        assertThat(Kv.value("")).isEqualTo("\"\"");
    }

    @Test
    void longValuesAreCut() {
        assertThat(Kv.value("é".repeat(500))).hasSize(2 + 200 + 3).endsWith("...\"");
    }
}
