package dev.switchboard.sip.registrar;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The location service: bindings per AOR in memory, each with its own expiry on an injected clock. Expired bindings
 * are invisible at once and removed by {@link #expire()}, which the server calls every second and tests call after
 * moving a fake clock.
 *
 * <p>Written only on the SIP signalling thread; read from any thread (each AOR's list is immutable and swapped).
 */
public final class BindingTable {

    /** A REGISTER older than a binding it would change (same Call-ID, lower CSeq): RFC 3261 §10.3 step 7. */
    public static final class OutOfOrderException extends Exception {
        private static final long serialVersionUID = 1L;

        OutOfOrderException(String message) {
            super(message);
        }
    }

    private final Clock clock;
    private final Map<String, List<Binding>> byAor = new ConcurrentHashMap<>();

    public BindingTable(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The live bindings of an AOR, most recently refreshed first. */
    public List<Binding> current(String aor) {
        Instant now = clock.instant();
        List<Binding> bindings = byAor.getOrDefault(aor, List.of());
        return bindings.stream().filter(binding -> binding.expiresAt().isAfter(now)).toList();
    }

    /** The binding to call: the most recently refreshed one (no forking). */
    public Optional<Binding> preferred(String aor) {
        return current(aor).stream().findFirst();
    }

    public boolean isRegistered(String aor) {
        return !current(aor).isEmpty();
    }

    /** Live bindings over all AORs. */
    public int size() {
        Instant now = clock.instant();
        return (int) byAor.values().stream().flatMap(List::stream).filter(b -> b.expiresAt().isAfter(now)).count();
    }

    /**
     * Adds, refreshes or (with {@code expiresSeconds == 0}) removes one contact of an AOR.
     *
     * <p>A REGISTER with the binding's Call-ID and a lower CSeq is out of order. An equal CSeq is taken as a
     * retransmission and applied again: registrations are answered without a server transaction, so a lost 200
     * brings the same request back and it must succeed.
     */
    public void update(Binding candidate, int expiresSeconds) throws OutOfOrderException {
        List<Binding> existing = byAor.getOrDefault(candidate.aor(), List.of());
        for (Binding binding : existing) {
            if (binding.contactUri().equals(candidate.contactUri()) && binding.callId().equals(candidate.callId())
                    && candidate.cseq() < binding.cseq()) {
                throw new OutOfOrderException("CSeq " + candidate.cseq() + " older than " + binding.cseq());
            }
        }
        List<Binding> updated = new ArrayList<>();
        for (Binding binding : existing) {
            if (!binding.contactUri().equals(candidate.contactUri())) {
                updated.add(binding);
            }
        }
        if (expiresSeconds > 0) {
            updated.add(candidate);
        }
        store(candidate.aor(), updated);
    }

    /** Removes every binding of an AOR ({@code Contact: *}), unless the request is out of order. */
    public void removeAll(String aor, String callId, long cseq) throws OutOfOrderException {
        for (Binding binding : byAor.getOrDefault(aor, List.of())) {
            if (binding.callId().equals(callId) && cseq < binding.cseq()) {
                throw new OutOfOrderException("CSeq " + cseq + " older than " + binding.cseq());
            }
        }
        byAor.remove(aor);
    }

    /**
     * Drops lapsed bindings.
     *
     * @return the AORs that lost their last binding
     */
    public List<String> expire() {
        Instant now = clock.instant();
        List<String> emptied = new ArrayList<>();
        for (Map.Entry<String, List<Binding>> entry : byAor.entrySet()) {
            List<Binding> live = entry.getValue().stream().filter(b -> b.expiresAt().isAfter(now)).toList();
            if (live.size() != entry.getValue().size()) {
                if (live.isEmpty()) {
                    byAor.remove(entry.getKey());
                    emptied.add(entry.getKey());
                } else {
                    byAor.put(entry.getKey(), live);
                }
            }
        }
        return emptied;
    }

    private void store(String aor, List<Binding> bindings) {
        if (bindings.isEmpty()) {
            byAor.remove(aor);
            return;
        }
        List<Binding> sorted = new ArrayList<>(bindings);
        sorted.sort(Comparator.comparing(Binding::expiresAt).reversed());
        byAor.put(aor, List.copyOf(sorted));
    }
}
