package dev.switchboard.sip;

/**
 * Learns when a DN's phone comes and goes: the core turns this into the device's {@code deviceState}
 * ({@code Active} while registered, {@code Inactive} otherwise).
 *
 * <p>Called on the SIP signalling thread, once per transition (first binding added, last binding removed by
 * un-REGISTER or expiry), never for refreshes. Implementations must not block: hand the event to the switch's
 * executor and return.
 */
public interface RegistrationListener {

    /** The AOR (its user part, the DN, e.g. {@code 5001}) now has at least one binding. */
    void registered(String aor);

    /** The AOR's last binding is gone. */
    void unregistered(String aor);

    /** A listener that ignores everything. */
    RegistrationListener NONE = new RegistrationListener() {
        @Override
        public void registered(String aor) {
        }

        @Override
        public void unregistered(String aor) {
        }
    };
}
