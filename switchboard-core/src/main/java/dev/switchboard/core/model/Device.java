package dev.switchboard.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.time.Timers;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.PhoneState;

/** The switch's live state of one agent device. Only the switch thread touches it. */
public final class Device {
    public final Dn dn;
    public String userId;
    public AgentState agentState = AgentState.LOGGED_OUT;
    public ReadyWorkMode readyWorkMode;
    /** Why the agent is in this state (a configured reason code), or {@code null}. */
    public String reason;
    public boolean doNotDisturb;
    public String forwardTo;
    public Instant agentStateSince;
    public Timers.Timer wrapUpTimer;
    /** When {@link #wrapUpTimer} runs out, or {@code null}: a restart resumes the wrap-up for what was left. */
    public Instant wrapUpEnds;
    /** The device's active call legs, oldest first. */
    public final List<Party> legs = new ArrayList<>();
    /** The subscription this (supervisor's) device monitors with, or {@code null}. */
    public Subscription monitoring;
    /** The subscription that monitors this device, or {@code null}. */
    public Subscription monitoredBy;
    /** Since when the agent has been free for ACD calls (Ready, or done with the last call): longest idle goes first. */
    public Instant idleSince;
    /** Whether the DN's phone is registered (set by the phone adapter's reports). */
    public PhoneState phone = PhoneState.NONE;

    public Device(Dn dn, Instant now) {
        this.dn = dn;
        this.agentStateSince = now;
        this.idleSince = now;
    }

    public void changeAgentState(AgentState next, ReadyWorkMode workMode, Instant now) {
        changeAgentState(next, workMode, null, now);
    }

    /** Changes the agent state; a reason counts for NotReady, AfterCallWork and AuxWork only. */
    public void changeAgentState(AgentState next, ReadyWorkMode workMode, String why, Instant now) {
        cancelWrapUp();
        agentState = next;
        readyWorkMode = next == AgentState.READY ? workMode : null;
        reason = next == AgentState.READY || next == AgentState.LOGGED_OUT ? null : why;
        agentStateSince = now;
    }

    public void cancelWrapUp() {
        if (wrapUpTimer != null) {
            wrapUpTimer.cancel();
            wrapUpTimer = null;
        }
        wrapUpEnds = null;
    }

    /** The after-call work runs until {@code ends}, when {@code timer} fires. */
    public void wrapUpUntil(Timers.Timer timer, Instant ends) {
        wrapUpTimer = timer;
        wrapUpEnds = ends;
    }

    /** The wrap-up timer fired. */
    public void wrapUpElapsed() {
        wrapUpTimer = null;
        wrapUpEnds = null;
    }

    /** What of the device must survive a restart. */
    public DeviceRecord record() {
        return new DeviceRecord(dn.id(), userId, agentState, readyWorkMode, reason, agentStateSince, wrapUpEnds, doNotDisturb,
                forwardTo, monitoring == null ? null : monitoring.view(dn.environment()));
    }

    /** Whether another leg than {@code except} is dialing or established: a device has one active call at a time. */
    public boolean anotherActive(Party except) {
        for (Party other : legs) {
            if (other != except && (other.state == dev.switchboard.core.view.PartyState.ESTABLISHED
                    || other.state == dev.switchboard.core.view.PartyState.DIALING)) {
                return true;
            }
        }
        return false;
    }

    /** The device's leg in the call with this id, or {@code null}. */
    public Party legOf(String callId) {
        for (Party leg : legs) {
            if (leg.call.id.equals(callId)) {
                return leg;
            }
        }
        return null;
    }

    public DeviceView view() {
        return new DeviceView(dn, userId, agentState, readyWorkMode, doNotDisturb, forwardTo, agentStateSince,
                monitoring == null ? null : monitoring.view(dn.environment()),
                monitoredBy == null ? null : monitoredBy.supervisorUserId, reason, phone);
    }

    @Override
    public String toString() {
        return "Device@" + Integer.toHexString(hashCode()) + "[" + dn.number() + "," + agentState + ",user=" + userId + "]";
    }
}
