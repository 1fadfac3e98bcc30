package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.client.HttpClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.e2e.GwsClient;
import dev.switchboard.server.e2e.Reply;
import dev.switchboard.sip.support.BaresipPhone;

/**
 * A contact-center floor of real softphones for one test: each phone plays its own tone and records what it hears,
 * each user has a GWS desktop (REST, cookie session), and {@link #phase} proves from the recordings who heard whom
 * since the last phase began.
 */
final class PhoneFloor implements AutoCloseable {
    /**
     * What each party plays: exact Goertzel bins of a 250 ms window at 8 kHz, chosen so that no third-order
     * intermodulation product of two of them (2a - b, which G.711's companding makes at about -48 dBFS) falls on a third:
     * 1500 Hz for the second agent made 2 x 1500 - 1000 = 2000, the supervisor's tone.
     */
    static final int CUSTOMER_TONE = 440;
    static final int AGENT_TONE = 1000;
    static final int SUPERVISOR_TONE = 2000;
    static final int SECOND_AGENT_TONE = 1720;

    private static final Duration PHASE = Duration.ofMillis(2_600);
    private static final long SETTLE_SAMPLES = HeardTones.SAMPLE_RATE * 6 / 10;

    private final SwitchboardServer server;
    private final HttpClient http;
    private final Path dir;
    private final List<Party> parties = new ArrayList<>();
    /** Every phone started, closed at the end even when its party never came to be (a failed set-up). */
    private final List<BaresipPhone> started = new ArrayList<>();
    private final Map<Party, Path> recordings = new LinkedHashMap<>();
    private final Map<Party, Long> marks = new LinkedHashMap<>();

    /** One phone and, for a DN's user, the desktop of that user. */
    record Party(String name, int tone, BaresipPhone phone, GwsClient desktop, String deviceId) {
        Reply device(String operation, Object... fields) {
            return desktop.operation("/api/v2/me/devices/" + deviceId, operation, fields);
        }

        Reply call(String operation, Object... fields) {
            return desktop.operation("/api/v2/me/calls/" + callId(), operation, fields);
        }

        /** The id of the one call the desktop shows now. */
        String callId() {
            JsonNode calls = desktop.get("/api/v2/me/calls?fields=*").assertOk().body().path("calls");
            assertThat(calls.size()).as("%s's calls: %s", name, calls).isEqualTo(1);
            return calls.get(0).path("id").asText();
        }

        /** The state of the desktop's one call, or "" without one. */
        String callState() {
            JsonNode calls = desktop.get("/api/v2/me/calls?fields=*").assertOk().body().path("calls");
            return calls.size() == 1 ? calls.get(0).path("state").asText() : "";
        }

        @Override
        public String toString() {
            return name;
        }
    }

    PhoneFloor(SwitchboardServer server, HttpClient http, Path dir) {
        this.server = server;
        this.http = http;
        this.dir = dir;
    }

    int sipPort() {
        return server.phones().orElseThrow().port();
    }

    /** A registered phone on {@code dn} whose user logs in to a contact-center session on it (Ready when asked). */
    Party agent(String name, String userName, String dn, int tone, boolean ready) throws Exception {
        return agent(name, userName, dn, tone, ready, "answermode=auto");
    }

    /** {@link #agent(String, String, String, int, boolean)} with the phone's answer mode ({@code answermode=manual}). */
    Party agent(String name, String userName, String dn, int tone, boolean ready, String answerMode) throws Exception {
        BaresipPhone phone = BaresipPhone.start(dir.resolve(name), dn, sipPort(), "auth_pass=password;regint=600;" + answerMode,
                tone, true);
        started.add(phone);
        // Not the phone's REGISTER_OK event: the phone may register before its control connection is up.
        await(name + "'s phone registered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.phones().orElseThrow().isRegistered(dn));
        GwsClient desktop = new GwsClient(http, server.baseUrl(), userName, "password", GwsClient.Auth.COOKIE);
        desktop.login();
        desktop.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        String deviceId = desktop.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("id").asText();
        if (ready) {
            desktop.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        }
        Party party = new Party(name, tone, phone, desktop, deviceId);
        parties.add(party);
        return party;
    }

    /** A customer's phone on the trunk (it never registers), calling from {@code number}. */
    Party customer(String number) throws Exception {
        BaresipPhone phone = BaresipPhone.start(dir.resolve("customer-" + number), number, sipPort(), "regint=0;answermode=auto",
                CUSTOMER_TONE, true);
        started.add(phone);
        Party party = new Party("customer", CUSTOMER_TONE, phone, null, null);
        parties.add(party);
        return party;
    }

    /**
     * A party with no phone (a browser that carries its user's audio): every phone of the floor is checked for its
     * tone; what it hears is checked by its own test.
     */
    Party speaker(String name, int tone, GwsClient desktop, String deviceId) {
        Party party = new Party(name, tone, null, desktop, deviceId);
        parties.add(party);
        return party;
    }

    /** A phone started before the floor (a trunk's peer, whose port the server's configuration names). */
    Party adopt(String name, int tone, BaresipPhone phone) {
        started.add(phone);
        Party party = new Party(name, tone, phone, null, null);
        parties.add(party);
        return party;
    }

    void dial(Party caller, String number) throws IOException {
        caller.phone().command("dial", "sip:" + number + "@127.0.0.1:" + sipPort());
    }

    /** Waits until each party's phone has the call up, then starts the first phase there. */
    void talking(Party... inCall) throws IOException {
        for (Party party : inCall) {
            await(party + "'s phone in the call").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> party.phone().countEvents("CALL_ESTABLISHED") > countRecordingsOf(party));
            await(party + "'s recording").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> party.phone().heard().size() > countRecordingsOf(party));
            List<Path> files = party.phone().heard();
            recordings.put(party, files.get(files.size() - 1));
            marks.put(party, HeardTones.mark(recordings.get(party)));
        }
    }

    private final Map<Party, Integer> callsRecorded = new LinkedHashMap<>();

    private int countRecordingsOf(Party party) {
        return callsRecorded.getOrDefault(party, 0);
    }

    /** The call ended for this party: its next call records to a new file. */
    void callEnded(Party party) {
        callsRecorded.merge(party, 1, Integer::sum);
        recordings.remove(party);
        marks.remove(party);
    }

    /**
     * Starts a new phase now (after a change of who hears whom) for every party in the call. A phone that restarted
     * its audio (after a hold) records to a new file: the phase goes on there.
     */
    void mark() throws IOException {
        for (Map.Entry<Party, Path> entry : recordings.entrySet()) {
            List<Path> files = entry.getKey().phone().heard();
            entry.setValue(files.get(files.size() - 1));
            marks.put(entry.getKey(), HeardTones.mark(entry.getValue()));
        }
    }

    /**
     * Lets the phase play for a few seconds, then checks every party in the call: it heard exactly the parties
     * {@code heard} names for it (every other party's tone absent).
     */
    void phase(String name, Map<Party, Set<Party>> heard) throws IOException {
        phase(name, heard, Set.of());
    }

    /**
     * {@link #phase(String, Map)} where the phones of {@code onHold} record nothing (a phone put on hold stops playing
     * what it receives): who they hear is not checked, who hears them is.
     */
    void phase(String name, Map<Party, Set<Party>> heard, Set<Party> onHold) throws IOException {
        long need = PHASE.toMillis() * HeardTones.SAMPLE_RATE / 1000;
        Map<Party, Path> checked = new LinkedHashMap<>(recordings);
        checked.keySet().removeAll(onHold);
        for (Map.Entry<Party, Path> entry : checked.entrySet()) {
            long from = marks.get(entry.getKey());
            await(name + ": " + entry.getKey() + "'s recording grows").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> HeardTones.mark(entry.getValue()) >= from + need);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Party, Path> entry : checked.entrySet()) {
            Party listener = entry.getKey();
            Set<Party> expected = heard.getOrDefault(listener, Set.of());
            long from = marks.get(listener) + SETTLE_SAMPLES;
            long to = HeardTones.mark(entry.getValue()) - HeardTones.SAMPLE_RATE / 10;
            for (Party speaker : parties) {
                if (speaker == listener) {
                    continue;
                }
                HeardTones.Verdict verdict = HeardTones.verdict(entry.getValue(), from, to, speaker.tone());
                boolean ok = expected.contains(speaker) ? verdict.heard() : verdict.absent();
                if (!ok) {
                    failures.add(name + ": " + listener + " should " + (expected.contains(speaker) ? "" : "not ") + "hear " + speaker
                            + ": " + verdict);
                }
            }
        }
        assertThat(failures).as("who heard whom").isEmpty();
        mark();
    }

    /** The parties with a desktop: their sessions end after the test. */
    List<Party> desktopsToEnd() {
        return parties.stream().filter(party -> party.desktop() != null).toList();
    }

    /** Quits every phone (registered ones un-REGISTER, so the next test's phones are the DNs' only ones). */
    @Override
    public void close() throws Exception {
        for (BaresipPhone phone : started) {
            try {
                phone.quit();
            } catch (Exception e) {
                // Keep quitting the others; close() below kills what did not exit.
            }
            phone.close();
        }
    }
}
