package dev.switchboard.phone;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.endpoint.ReleaseCause;

/** The one translation between SIP status codes and the switch's causes and refusals. */
final class Causes {

    private Causes() {
    }

    /** Why an offer failed, from the final SIP status the phone or trunk sent. */
    static ReleaseCause ofFailure(int status) {
        return switch (status) {
            case 486, 600 -> ReleaseCause.BUSY;
            case 603 -> ReleaseCause.REJECTED;
            case 408, 480, 487 -> ReleaseCause.NO_ANSWER;
            default -> ReleaseCause.UNREACHABLE;
        };
    }

    /** The final status refusing a caller's INVITE the switch did not take or ended before it was answered. */
    static int statusOf(ReleaseCause cause) {
        return switch (cause) {
            case BUSY -> 486;
            case REJECTED -> 603;
            case UNREACHABLE -> 404;
            default -> 480;
        };
    }

    /** The final status for a call the switch refused. */
    static int statusOf(Outcome.Refused refused) {
        return switch (refused.reason()) {
            case NOT_FOUND -> 404;
            case IN_USE -> 486;
            case NOT_PERMITTED -> 403;
            case UNAVAILABLE -> 503;
            default -> 480;
        };
    }
}
