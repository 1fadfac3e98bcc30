package dev.switchboard.phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.media.MediaLeg;

/**
 * The legs browsers carry, on the phone adapter's thread (the one that owns the mixer's rooms, so that a browser's
 * leg and a phone's leg of one call share a room): what the switch asks of them, turned into the switch's
 * {@code leg*} reports at once, since a browser has nothing to ring. A supervisor's leg and the user's own desktop
 * call are answered at once; any other offer rings until the user answers from the desktop (GWS Answer), as with a
 * phone.
 */
final class BrowserCalls {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserCalls.class);

    private final Consumer<Runnable> run;
    private final Function<String, BrowserLine> lines;
    /** Written by the adapter thread only; concurrent so that the API may read media statistics. */
    private final Map<String, BrowserLeg> legs;
    private FamilyRooms rooms;
    /** Legs offered to browsers since start, for tests and metrics; written by the adapter thread. */
    private volatile long offersSeen;

    /** One leg a browser carries. Adapter thread. */
    static final class BrowserLeg {
        final String id;
        final Switch owner;
        final String familyId;
        final BrowserLine line;
        final MediaLeg media;

        BrowserLeg(String id, Switch owner, String familyId, BrowserLine line, MediaLeg media) {
            this.id = id;
            this.owner = owner;
            this.familyId = familyId;
            this.line = line;
            this.media = media;
        }
    }

    /**
     * @param lines the open line of {@code ENVIRONMENT/DN}, or {@code null}
     */
    BrowserCalls(Consumer<Runnable> run, Function<String, BrowserLine> lines, Map<String, BrowserLeg> legs) {
        this.run = run;
        this.lines = lines;
        this.legs = legs;
    }

    void use(FamilyRooms familyRooms) {
        this.rooms = familyRooms;
    }

    /** Hands work to the adapter's thread. */
    void run(Runnable task) {
        run.accept(task);
    }

    /** Legs offered to browsers since start (carried or failed). */
    long offered() {
        return offersSeen;
    }

    void offer(Switch owner, EndpointLeg offered) {
        offersSeen++;
        BrowserLine line = lines.apply(BrowserAudio.key(owner.environment().name(), offered.number()));
        if (line == null || line.closed || rooms == null) {
            owner.legFailed(offered.id(), ReleaseCause.UNREACHABLE);
            return;
        }
        MediaLeg media;
        try {
            media = rooms.joinFrames(offered.familyId(), offered.id());
        } catch (IllegalStateException e) {
            LOG.warn("{}: no media for leg {}: {}", line, offered.id(), e.getMessage());
            owner.legFailed(offered.id(), ReleaseCause.UNREACHABLE);
            return;
        }
        BrowserLeg leg = new BrowserLeg(offered.id(), owner, offered.familyId(), line, media);
        legs.put(leg.id, leg);
        line.add(media.frames());
        if (offered.supervisor() || offered.role() == PartyRole.ORIGINATOR) {
            owner.legAnswered(leg.id);
        } else {
            owner.legRinging(leg.id);
        }
    }

    void answer(Switch owner, EndpointLeg asked) {
        if (legs.containsKey(asked.id())) {
            owner.legAnswered(asked.id());
        } else {
            owner.legRefused(asked.id(), "the browser's leg is gone");
        }
    }

    void hold(Switch owner, EndpointLeg asked, boolean hold) {
        if (!legs.containsKey(asked.id())) {
            owner.legRefused(asked.id(), "the browser's leg is gone");
        } else if (hold) {
            owner.legHeld(asked.id());
        } else {
            owner.legRetrieved(asked.id());
        }
    }

    /** Digits sent on the call reach the user's ears: played in-band into what the leg hears (the mixer's tone pairs). */
    void sendDtmf(EndpointLeg target, String digits) {
        BrowserLeg leg = legs.get(target.id());
        if (leg == null) {
            return;
        }
        try {
            leg.media.sendDtmf(digits);
        } catch (IllegalArgumentException notDigits) {
            LOG.debug("{}: not DTMF for leg {}: {}", leg.line, leg.id, notDigits.getMessage());
        }
    }

    /** The switch released the leg: it leaves its room and its line. */
    void release(EndpointLeg released) {
        BrowserLeg leg = legs.remove(released.id());
        if (leg != null) {
            end(leg);
        }
    }

    void connectMedia(CallMedia now) {
        if (rooms != null) {
            rooms.update(now);
        }
    }

    /** The browser went away: every leg of its line ends, and the switch hears that the user hung up. */
    void lineClosed(BrowserLine line) {
        List<BrowserLeg> ended = new ArrayList<>();
        for (BrowserLeg leg : legs.values()) {
            if (leg.line == line) {
                ended.add(leg);
            }
        }
        for (BrowserLeg leg : ended) {
            legs.remove(leg.id);
            end(leg);
            leg.owner.legReleased(leg.id, ReleaseCause.NORMAL);
        }
    }

    private void end(BrowserLeg leg) {
        leg.line.remove(leg.media.frames());
        rooms.leave(leg.familyId, leg.id);
    }
}
