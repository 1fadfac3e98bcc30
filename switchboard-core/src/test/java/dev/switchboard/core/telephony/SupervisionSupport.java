package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.testing.EventRows;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;

/**
 * Helpers for the supervision tests on top of {@link CallModelSupport}: monitoring requests by supervisor1 (5005) or
 * another supervisor, events drained once into client rows ({@link EventRows#supervisionRows}) and audit rows
 * ({@link EventRows#auditRows}), and the subscription as the switch shows it.
 */
abstract class SupervisionSupport extends CallModelSupport {
    static final String SUPERVISOR = "supervisor1";
    static final String SUPERVISOR_DN = "5005";

    /** The audit rows of the events drained by the last {@link #srows()}, and of any drained since by {@link #audit()}. */
    private final List<String> audit = new ArrayList<>();

    /** supervisor1 asks to monitor {@code number}. */
    Outcome monitor(MonitoringType type, MonitoringScope scope, MonitoringMode mode, String number) {
        return monitor(SUPERVISOR, type, scope, mode, number);
    }

    /** {@code supervisor} asks, from the device of their default place, to monitor {@code number}. */
    Outcome monitor(String supervisor, MonitoringType type, MonitoringScope scope, MonitoringMode mode, String number) {
        return harness.await(sw().monitor(user(supervisor), harness.deviceId(dnOf(supervisor)),
                new MonitoringRequest(type, scope, mode, number)));
    }

    /** Like {@link #monitor(MonitoringType, MonitoringScope, MonitoringMode, String)}; fails unless accepted. */
    void monitored(MonitoringType type, MonitoringScope scope, MonitoringMode mode, String number) {
        OutcomeAssertions.assertAccepted(monitor(type, scope, mode, number));
    }

    Outcome cancel() {
        return cancel(SUPERVISOR);
    }

    Outcome cancel(String supervisor) {
        return harness.await(sw().cancelMonitoring(user(supervisor), harness.deviceId(dnOf(supervisor))));
    }

    /** The events since the last call as supervision rows; their audit rows are kept for {@link #audit()}. */
    List<String> srows() {
        List<SwitchEvent> events = harness.events().drain();
        audit.addAll(EventRows.auditRows(harness.directory(), events));
        return EventRows.supervisionRows(harness.directory(), events);
    }

    /** The audit rows of everything drained so far by {@link #srows()} and of the events not yet drained; then forgets them. */
    List<String> audit() {
        srows();
        List<String> result = List.copyOf(audit);
        audit.clear();
        return result;
    }

    /** Drops the events so far (their audit too). */
    void discard() {
        harness.events().drain();
        audit.clear();
    }

    /** supervisor1's subscription as the switch lists it, or {@code null}. */
    MonitoringView subscription() {
        return subscription(SUPERVISOR);
    }

    MonitoringView subscription(String supervisor) {
        return sw().subscriptions().get(harness.deviceId(dnOf(supervisor)));
    }

    /** Checks that supervisor1's subscription is active or not, alike in the subscription list and on both devices. */
    void assertSubscription(boolean active, String target) {
        MonitoringView listed = subscription();
        MonitoringView onDevice = harness.device(SUPERVISOR_DN).monitoring();
        assertThat(listed != null).as("subscription listed").isEqualTo(active);
        assertThat(onDevice != null).as("subscription on the supervisor's device").isEqualTo(active);
        if (active) {
            assertThat(onDevice).as("device and list agree").isEqualTo(listed);
        }
        if (harness.directory().dnByNumber(dev.switchboard.core.testing.TestDirectory.ENVIRONMENT, target)
                .filter(dn -> dn.type().isAgentDevice()).isPresent()) {
            assertThat(harness.device(target).monitoredBy()).as("monitoredBy of %s", target)
                    .isEqualTo(active ? user(SUPERVISOR).id() : null);
        }
    }

    /** How many device events of the supervisor's device announced monitoring that ended (without a subscription). */
    long monitoringEnds(String number) {
        return monitoringRows(number, false);
    }

    /** How many device events of the device announced a subscription (started or changed). */
    long monitoringStarts(String number) {
        return monitoringRows(number, true);
    }

    private long monitoringRows(String number, boolean withMonitoring) {
        return harness.events().events().stream().filter(DeviceStateChanged.class::isInstance).map(DeviceStateChanged.class::cast)
                .filter(e -> e.change() == DeviceChange.MONITORING && e.device().number().equals(number))
                .filter(e -> (e.device().monitoring() != null) == withMonitoring).count();
    }

    /** The row of a supervisor's device announcing its subscription: "5005 MONITORING NOT_READY ListenIn/NextCall/Call/5001". */
    static String monitoringRow(String number, String agentState, MonitoringType type, MonitoringMode mode, MonitoringScope scope,
                                String target) {
        return number + " MONITORING " + agentState + " " + type.wireName() + "/" + mode.wireName() + "/" + scope.wireName() + "/"
                + target;
    }

    /** The row of a supervisor's device whose subscription ended. */
    static String monitoringOffRow(String number, String agentState) {
        return number + " MONITORING " + agentState + " off";
    }
}
