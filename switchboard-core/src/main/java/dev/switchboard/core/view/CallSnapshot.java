package dev.switchboard.core.view;

import java.util.List;
import java.util.Map;

/**
 * A call as the switch sees it: every party with its role, state and whom it hears. This is the model's truth about
 * audio; the simulator API shows it and tests assert on it.
 *
 * @param waitingAt the ACD queue the call waits in, or {@code null}
 */
public record CallSnapshot(String id, String connId, String ani, String dnis, List<Party> parties, Map<String, Object> userData,
                           String parentCallId, String waitingAt) {

    public CallSnapshot {
        parties = List.copyOf(parties);
        userData = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userData));
    }

    /** Whether every party is released: the call is over. */
    public boolean ended() {
        return parties.stream().noneMatch(p -> p.state().isActive()) && waitingAt == null;
    }

    /** The active party with this number, if any. */
    public java.util.Optional<Party> party(String number) {
        return parties.stream().filter(p -> p.number().equals(number) && p.state().isActive()).findFirst();
    }

    /**
     * One party.
     *
     * @param number   the DN, or the external number
     * @param external whether it is outside the switch (a customer)
     * @param hears    the numbers whose voice this party receives
     * @param legId    the party's leg, as its endpoint knows it
     */
    public record Party(String number, PartyRole role, PartyState state, boolean external, boolean muted, List<String> hears,
                        String legId) {
        public Party {
            hears = List.copyOf(hears);
        }

        /** A party whose leg id does not matter (tests). */
        public Party(String number, PartyRole role, PartyState state, boolean external, boolean muted, List<String> hears) {
            this(number, role, state, external, muted, hears, null);
        }
    }
}
