package dev.switchboard.sip.call;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live legs by Call-ID (each B2BUA leg has its own Call-ID). Written on the signalling thread; read anywhere. */
public final class LegRegistry {

    private final Map<String, LegImpl> byCallId = new ConcurrentHashMap<>();

    void add(LegImpl leg) {
        byCallId.put(leg.callId(), leg);
    }

    void remove(LegImpl leg) {
        byCallId.remove(leg.callId(), leg);
    }

    public LegImpl byCallId(String callId) {
        return byCallId.get(callId);
    }

    public int size() {
        return byCallId.size();
    }

    public Collection<LegImpl> all() {
        return List.copyOf(byCallId.values());
    }
}
