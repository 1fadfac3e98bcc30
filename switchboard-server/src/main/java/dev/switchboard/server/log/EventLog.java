package dev.switchboard.server.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.view.CallSnapshot;

/**
 * Call and monitoring lifecycle lines, from the records hand-off (never on a switch thread): {@code calls} logs each
 * call's start and end at INFO and every change of its parties at DEBUG; {@code monitoring} logs every join, mode
 * switch, mute, leave and end of a supervisor's monitoring. The lines only queue on the asynchronous appender, which
 * drops rather than waits when it is full, so a slow console never slows the hand-off.
 */
public final class EventLog implements Consumer<SwitchEvent> {
    private static final Logger CALLS = LoggerFactory.getLogger("switchboard.calls");
    private static final Logger MONITORING = LoggerFactory.getLogger("switchboard.monitoring");

    private final Directory directory;
    /** Each live call's parties as last logged; safe for the records threads of several switches. */
    private final Map<String, String> live = new ConcurrentHashMap<>();

    public EventLog(Directory directory) {
        this.directory = directory;
    }

    @Override
    public void accept(SwitchEvent event) {
        if (event instanceof CallChanged changed) {
            call(changed.call());
        } else if (event instanceof MonitoringEvent monitoring && MONITORING.isInfoEnabled()) {
            MONITORING.info("event=monitoring kind={} supervisor={} target={} call={} detail={}", Kv.value(monitoring.kind()),
                    Kv.value(userName(monitoring.supervisorUserId())), Kv.value(monitoring.targetNumber()),
                    Kv.value(monitoring.callId()), Kv.value(monitoring.detail()));
        }
    }

    private void call(CallSnapshot call) {
        String parties = call.parties().stream().map(party -> party.number() + ":" + party.state())
                .collect(Collectors.joining(","));
        if (call.ended()) {
            if (live.remove(call.id()) != null) {
                CALLS.info("event=call-end call={} parties={}", call.id(), Kv.value(parties));
            }
            return;
        }
        String before = live.put(call.id(), parties);
        if (before == null) {
            CALLS.info("event=call-start call={} from={} to={} parties={}", call.id(), Kv.value(call.ani()),
                    Kv.value(call.dnis()), Kv.value(parties));
        } else if (!before.equals(parties) && CALLS.isDebugEnabled()) {
            CALLS.debug("event=call-change call={} parties={} waitingAt={}", call.id(), Kv.value(parties),
                    Kv.value(call.waitingAt()));
        }
    }

    private String userName(String userId) {
        return userId == null ? null : directory.userById(userId).map(User::userName).orElse(userId);
    }
}
