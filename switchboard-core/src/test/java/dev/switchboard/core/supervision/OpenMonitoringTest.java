package dev.switchboard.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class OpenMonitoringTest {
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private final InMemoryMonitoringAudit audit = new InMemoryMonitoringAudit();

    private void append(String kind, String supervisor, String target, String callId, String detail) {
        audit.append(new AuditRecord(T, kind, supervisor, target, callId, detail));
    }

    @Test
    void aJoinedSubscriptionGetsLeaveThenEndAndTheChainStaysValid() {
        append("REQUEST", "sup1", "5001", null, "ListenIn scope=Call mode=AllCalls");
        append("JOIN", "sup1", "5001", "call1", "ListenIn");

        assertThat(OpenMonitoring.of(audit.entries())).containsExactly(new OpenMonitoring.Open("sup1", "5001", "call1"));
        OpenMonitoring.close(audit, "restart", T.plusSeconds(5));


        assertThat(audit.entries()).extracting(entry -> entry.record().kind()).containsExactly("REQUEST", "JOIN", "LEAVE", "END");
        Instant at = T.plusSeconds(5);
        assertThat(audit.entries().get(2).record()).isEqualTo(new AuditRecord(at, "LEAVE", "sup1", "5001", "call1", "restart"));
        assertThat(audit.entries().get(3).record()).isEqualTo(new AuditRecord(at, "END", "sup1", "5001", null, "restart"));
        assertThat(audit.verify()).isTrue();
        assertThat(OpenMonitoring.of(audit.entries())).isEmpty();
    }

    @Test
    void aSubscriptionBetweenCallsGetsOnlyAnEnd() {
        append("REQUEST", "sup1", "5001", null, "ListenIn");
        append("JOIN", "sup1", "5001", "call1", "ListenIn");
        append("LEAVE", "sup1", "5001", "call1", "the call ended");

        assertThat(OpenMonitoring.of(audit.entries())).containsExactly(new OpenMonitoring.Open("sup1", "5001", null));
    }

    @Test
    void endedDeniedAndCancelledSubscriptionsAreNotOpen() {
        append("REQUEST", "sup1", "5001", null, "ListenIn");
        append("DENIAL", "sup1", "5001", null, "not supervised");
        append("REQUEST", "sup2", "5002", null, "Coach");
        append("REQUEST", "sup2", "5002", null, OpenMonitoring.CANCEL);
        append("END", "sup2", "5002", null, "cancelled by the supervisor");
        append("REQUEST", "sup3", "5003", null, "ListenIn");
        append("REQUEST", "sup3", null, null, OpenMonitoring.CANCEL);
        append("END", "sup3", "5003", null, "cancelled by the supervisor");
        append("REQUEST", "sup3", null, null, OpenMonitoring.CANCEL);
        append("DENIAL", "sup3", null, null, "nothing monitored");

        assertThat(OpenMonitoring.of(audit.entries())).isEmpty();
    }

    @Test
    void aReplacingRequestBeforeTheEndOfTheReplacedOneStaysOpen() {
        append("REQUEST", "sup1", "5001", null, "ListenIn");
        append("JOIN", "sup1", "5001", "call1", "ListenIn");
        // The API appends the new REQUEST before the switch ends the old subscription.
        append("REQUEST", "sup1", "5002", null, "Coach");
        append("LEAVE", "sup1", "5001", "call1", "replaced by a new request");
        append("END", "sup1", "5001", null, "replaced by a new request");

        assertThat(OpenMonitoring.of(audit.entries())).containsExactly(new OpenMonitoring.Open("sup1", "5002", null));
    }

    @Test
    void aDeniedReplacementLeavesTheCurrentSubscriptionOpen() {
        append("REQUEST", "sup1", "5001", null, "ListenIn");
        append("JOIN", "sup1", "5001", "call1", "ListenIn");
        append("REQUEST", "sup1", "5009", null, "ListenIn");
        append("DENIAL", "sup1", "5009", null, "not supervised");

        assertThat(OpenMonitoring.of(audit.entries())).containsExactly(new OpenMonitoring.Open("sup1", "5001", "call1"));
    }

    @Test
    void aSubscriptionThatGoesOnOnlyLeavesItsCall() {
        append("REQUEST", "sup1", "5001", null, "ListenIn scope=Call mode=AllCalls");
        append("JOIN", "sup1", "5001", "call1", "ListenIn");
        append("REQUEST", "sup2", "5002", null, "Coach scope=Agent mode=NextCall");
        append("JOIN", "sup2", "5002", "call2", "Coach");

        OpenMonitoring.close(audit, "restart", T.plusSeconds(5), java.util.Set.of("sup1"));

        assertThat(audit.entries()).extracting(entry -> entry.record().kind() + " " + entry.record().supervisorUserId())
                .containsExactly("REQUEST sup1", "JOIN sup1", "REQUEST sup2", "JOIN sup2", "LEAVE sup1", "LEAVE sup2", "END sup2");
        assertThat(OpenMonitoring.of(audit.entries())).containsExactly(new OpenMonitoring.Open("sup1", "5001", null));
        assertThat(audit.verify()).isTrue();
    }
}
