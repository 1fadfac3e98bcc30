package dev.switchboard.core.telephony;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.endpoint.VirtualEndpoint;

/**
 * A phone that answers late: it confirms nothing at once and writes down what the switch asks of it, as rows
 * ({@code "offer 5002"}, {@code "hold 5002"}, {@code "release 5001 NORMAL"}, {@code "media 5001<[5002] 5002<[5001]"}),
 * so that a test can report back through the switch's {@code leg*} commands when it chooses.
 */
final class FakeEndpoint implements Endpoint {
    private final List<String> requests = new ArrayList<>();
    private final List<EndpointLeg> legs = new ArrayList<>();

    /** Endpoints where {@code numbers} (devices or external numbers) are this fake, everything else virtual. */
    Endpoints serving(String... numbers) {
        List<String> served = List.of(numbers);
        return new Endpoints() {
            @Override
            public Endpoint device(Dn dn) {
                return served.contains(dn.number()) ? FakeEndpoint.this : VirtualEndpoint.INSTANCE;
            }

            @Override
            public Endpoint external(String number) {
                return served.contains(number) ? FakeEndpoint.this : VirtualEndpoint.INSTANCE;
            }
        };
    }

    /** The requests so far, taken. */
    synchronized List<String> take() {
        List<String> taken = List.copyOf(requests);
        requests.clear();
        return taken;
    }

    /** The id of the last leg offered to {@code number}. */
    synchronized String legOf(String number) {
        for (int i = legs.size() - 1; i >= 0; i--) {
            if (legs.get(i).number().equals(number)) {
                return legs.get(i).id();
            }
        }
        throw new AssertionError("No leg of " + number + " was offered: " + legs);
    }

    @Override
    public boolean confirmsAtOnce() {
        return false;
    }

    @Override
    public boolean carriesMedia() {
        return true;
    }

    @Override
    public synchronized void offer(EndpointLeg leg) {
        legs.add(leg);
        requests.add("offer " + leg.number() + (leg.supervisor() ? " supervisor" : ""));
    }

    @Override
    public synchronized void answer(EndpointLeg leg) {
        requests.add("answer " + leg.number());
    }

    @Override
    public synchronized void hold(EndpointLeg leg) {
        requests.add("hold " + leg.number());
    }

    @Override
    public synchronized void retrieve(EndpointLeg leg) {
        requests.add("retrieve " + leg.number());
    }

    @Override
    public synchronized void release(EndpointLeg leg, ReleaseCause cause) {
        requests.add("release " + leg.number() + " " + cause);
    }

    @Override
    public synchronized void sendDtmf(EndpointLeg leg, String digits) {
        requests.add("dtmf " + leg.number() + " " + digits);
    }

    /** Recorded only for a leg this fake brought (an origination): for an offered one, it reported the answer itself. */
    @Override
    public synchronized void connected(EndpointLeg leg) {
        if (legs.stream().noneMatch(offered -> offered.id().equals(leg.id()))) {
            requests.add("connected " + leg.number() + " " + leg.id());
        }
    }

    @Override
    public synchronized void connectMedia(CallMedia media) {
        StringBuilder row = new StringBuilder("media");
        for (CallMedia.LegMedia leg : media.legs()) {
            row.append(' ').append(leg.number()).append(leg.held() ? "(held)" : "").append("<[");
            row.append(String.join(",", leg.hears().stream().map(id -> numberOf(media, id)).toList())).append(']');
        }
        requests.add(row.toString());
    }

    private static String numberOf(CallMedia media, String legId) {
        return media.legs().stream().filter(l -> l.legId().equals(legId)).map(CallMedia.LegMedia::number).findFirst()
                .orElse("?" + legId);
    }
}
