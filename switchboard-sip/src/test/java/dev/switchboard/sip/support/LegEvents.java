package dev.switchboard.sip.support;

import dev.switchboard.sip.LegListener;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Records every leg report as text ({@code leg-3 answered PCMU}) for assertions; thread-safe. */
public final class LegEvents implements LegListener {

    private final List<String> events = new ArrayList<>();
    private final AtomicReference<NegotiatedMedia> lastMedia = new AtomicReference<>();

    public synchronized List<String> all() {
        return List.copyOf(events);
    }

    /** Events of one kind, without the leg id, e.g. {@code released REMOTE_HANGUP}. */
    public synchronized List<String> kinds() {
        return events.stream().map(e -> e.substring(e.indexOf(' ') + 1)).toList();
    }

    public synchronized long count(String kind) {
        return kinds().stream().filter(k -> k.equals(kind) || k.startsWith(kind + " ")).count();
    }

    public NegotiatedMedia lastMedia() {
        return lastMedia.get();
    }

    private synchronized void add(SipLeg leg, String event) {
        events.add(leg.id() + " " + event);
    }

    @Override
    public void ringing(SipLeg leg) {
        add(leg, "ringing");
    }

    @Override
    public void answered(SipLeg leg, NegotiatedMedia media) {
        lastMedia.set(media);
        add(leg, "answered " + media.codec());
    }

    @Override
    public void failed(SipLeg leg, int status) {
        add(leg, "failed " + status);
    }

    @Override
    public void released(SipLeg leg, ReleaseCause cause) {
        add(leg, "released " + cause);
    }

    @Override
    public void held(SipLeg leg) {
        add(leg, "held");
    }

    @Override
    public void holdRefused(SipLeg leg, int status) {
        add(leg, "holdRefused " + status);
    }

    @Override
    public void retrieved(SipLeg leg) {
        add(leg, "retrieved");
    }

    @Override
    public void retrieveRefused(SipLeg leg, int status) {
        add(leg, "retrieveRefused " + status);
    }

    @Override
    public void mediaChanged(SipLeg leg, NegotiatedMedia media, boolean remoteHolds) {
        lastMedia.set(media);
        add(leg, "mediaChanged hold=" + remoteHolds);
    }

    @Override
    public void dtmf(SipLeg leg, String digits) {
        add(leg, "dtmf " + digits);
    }

    @Override
    public void remoteAnswerRefused(SipLeg leg, int status) {
        add(leg, "remoteAnswerRefused " + status);
    }
}
