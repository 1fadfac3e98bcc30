package dev.switchboard.core.telephony;

/** One party of a call: a device of this switch, or an external number. Only the switch thread touches it. */
final class Party {
    final Call call;
    final String number;
    /** The device, or {@code null} for an external party (a customer). */
    final Device device;
    PartyRole role;
    PartyState state;
    boolean muted;
    /** Whether an ACD queue offered the call to this party (it then owes after-call work). */
    boolean acd;
    /** Whether the party was ever established (an ACD leg that never answered owes no after-call work). */
    boolean answered;

    Party(Call call, String number, Device device, PartyRole role, PartyState state) {
        this.call = call;
        this.number = number;
        this.device = device;
        this.role = role;
        this.state = state;
    }

    boolean external() {
        return device == null;
    }

    boolean active() {
        return state.isActive();
    }

    @Override
    public String toString() {
        return "Party@" + Integer.toHexString(hashCode()) + "[" + number + "," + role + "," + state + (muted ? ",muted" : "") + "]";
    }
}
