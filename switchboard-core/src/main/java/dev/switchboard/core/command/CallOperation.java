package dev.switchboard.core.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.PartyState;

/**
 * The operations a call may offer in its GWS {@code capabilities}. {@link #capabilitiesOf} is the one place that
 * decides which are offered, from the call as the device sees it and the user; the switch refuses every operation
 * not offered, so capabilities never promise what the switch would refuse.
 */
public enum CallOperation {
    ANSWER("Answer"),
    HANGUP("Hangup"),
    /** Rejects a queue's offer: the call goes back to the queue (only for calls a queue delivered). */
    REJECT("Reject"),
    HOLD("Hold"),
    RETRIEVE("Retrieve"),
    INITIATE_TRANSFER("InitiateTransfer"),
    COMPLETE_TRANSFER("CompleteTransfer"),
    SINGLE_STEP_TRANSFER("SingleStepTransfer"),
    INITIATE_CONFERENCE("InitiateConference"),
    COMPLETE_CONFERENCE("CompleteConference"),
    SINGLE_STEP_CONFERENCE("SingleStepConference"),
    REMOVE_PARTICIPANT_FROM_CONFERENCE("RemoveParticipantFromConference"),
    SWAP_CALLS("SwapCalls"),
    CLEAR_CALL("ClearCall"),
    SEND_DTMF("SendDtmf"),
    ATTACH_USER_DATA("AttachUserData"),
    UPDATE_USER_DATA("UpdateUserData"),
    DELETE_USER_DATA_PAIR("DeleteUserDataPair"),
    DELETE_USER_DATA("DeleteUserData"),
    MUTE_CALL("MuteCall"),
    UNMUTE_CALL("UnmuteCall"),
    START_CALL_RECORDING("StartCallRecording"),
    STOP_CALL_RECORDING("StopCallRecording"),
    PAUSE_CALL_RECORDING("PauseCallRecording"),
    RESUME_CALL_RECORDING("ResumeCallRecording"),
    SWITCH_TO_LISTEN_IN("SwitchToListenIn"),
    SWITCH_TO_BARGE_IN("SwitchToBargeIn"),
    MUTE_MONITORED_USER("MuteMonitoredUser"),
    UNMUTE_MONITORED_USER("UnmuteMonitoredUser");

    private static final Set<CallOperation> USER_DATA = EnumSet.of(ATTACH_USER_DATA, UPDATE_USER_DATA, DELETE_USER_DATA_PAIR,
            DELETE_USER_DATA);

    private final String wireName;

    CallOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The GWS {@code operationName}. */
    public String wireName() {
        return wireName;
    }

    /** The operation with this GWS name, or {@code null}. */
    public static CallOperation fromWireName(String name) {
        for (CallOperation operation : values()) {
            if (operation.wireName.equals(name)) {
                return operation;
            }
        }
        return null;
    }

    /**
     * What {@code user} may do now with the call as {@code call} shows it, in declaration order.
     *
     * <ul>
     *   <li>Dialing: hang up, DTMF, user data.</li>
     *   <li>Ringing: answer (unless another call of the device is active, which must be held first), hang up,
     *       user data; reject when a queue offered it, clear the call when it is a direct call.</li>
     *   <li>Established, alone: hold, transfers and conferences (one consultation at a time), DTMF, mute, recording
     *       (with feature {@code api-voice-recording}), user data; the device that made the call a conference also
     *       removes participants and clears the call (GWS: "only the conference owner").</li>
     *   <li>Established or held with its paired call (the original and its consultation): swap when the other is
     *       established, complete the transfer (the consultation may still be ringing) or the conference (it must
     *       be established).</li>
     *   <li>Held, alone: retrieve (unless another call is active), transfers and conferences, user data.</li>
     *   <li>Released: nothing.</li>
     *   <li>While the party's phone has not confirmed an answer, hold or retrieve the switch asked of it: hang up and
     *       user data only.</li>
     * </ul>
     */
    public static List<CallOperation> capabilitiesOf(CallView call, User user) {
        EnumSet<CallOperation> result = EnumSet.noneOf(CallOperation.class);
        if (call.monitoring() != null) {
            return monitoringCapabilities(call);
        }
        if (call.awaitingEndpoint() && call.state() != PartyState.RELEASED) {
            // The phone has not confirmed the last request yet: one thing at a time, but hanging up and data.
            result.add(HANGUP);
            result.addAll(USER_DATA);
            return List.copyOf(result);
        }
        PartyState other = call.otherCallState();
        boolean otherActive = other == PartyState.ESTABLISHED || other == PartyState.DIALING;
        boolean paired = call.otherCallId() != null;
        boolean busy = call.anotherCallActive();
        switch (call.state()) {
            case DIALING -> {
                result.add(HANGUP);
                result.add(SEND_DTMF);
                result.addAll(USER_DATA);
                if (paired && call.parentCallId() != null) {
                    result.add(COMPLETE_TRANSFER);
                }
            }
            case RINGING -> {
                if (!busy) {
                    result.add(ANSWER);
                }
                result.add(HANGUP);
                result.addAll(USER_DATA);
                // A queue's offer may be rejected back to the queue (GWS: "you can't reject direct calls"); a direct
                // call that rings may be cleared, as a real server offers it.
                result.add(call.queue() != null ? REJECT : CLEAR_CALL);
            }
            case ESTABLISHED -> {
                result.add(HANGUP);
                result.add(SEND_DTMF);
                result.addAll(USER_DATA);
                result.add(call.muted() ? UNMUTE_CALL : MUTE_CALL);
                if (paired && other == PartyState.HELD) {
                    result.add(SWAP_CALLS);
                    if (call.parentCallId() != null) {
                        result.add(COMPLETE_TRANSFER);
                        result.add(COMPLETE_CONFERENCE);
                    }
                } else if (!paired) {
                    result.add(HOLD);
                    result.add(INITIATE_TRANSFER);
                    result.add(SINGLE_STEP_TRANSFER);
                    result.add(INITIATE_CONFERENCE);
                    result.add(SINGLE_STEP_CONFERENCE);
                }
                if (call.conference() && call.conferenceOwner()) {
                    result.add(REMOVE_PARTICIPANT_FROM_CONFERENCE);
                    result.add(CLEAR_CALL);
                }
                if (user.hasFeature(Feature.VOICE_RECORDING)) {
                    switch (call.recordingState()) {
                        case STOPPED -> result.add(START_CALL_RECORDING);
                        case RECORDING -> {
                            result.add(PAUSE_CALL_RECORDING);
                            result.add(STOP_CALL_RECORDING);
                        }
                        case PAUSED -> {
                            result.add(RESUME_CALL_RECORDING);
                            result.add(STOP_CALL_RECORDING);
                        }
                        default -> throw new IllegalStateException("Unknown recording state " + call.recordingState());
                    }
                }
            }
            case HELD -> {
                result.add(HANGUP);
                result.addAll(USER_DATA);
                if (paired) {
                    if (other == PartyState.ESTABLISHED) {
                        result.add(SWAP_CALLS);
                        result.add(COMPLETE_CONFERENCE);
                    }
                    if (otherActive) {
                        result.add(COMPLETE_TRANSFER);
                    }
                } else if (!busy) {
                    result.add(RETRIEVE);
                    result.add(INITIATE_TRANSFER);
                    result.add(SINGLE_STEP_TRANSFER);
                    result.add(INITIATE_CONFERENCE);
                    result.add(SINGLE_STEP_CONFERENCE);
                }
            }
            case RELEASED -> {
                // A released call offers nothing.
            }
            default -> throw new IllegalStateException("Unknown party state " + call.state());
        }
        return List.copyOf(result);
    }

    /**
     * A supervisor's monitoring leg (docs/compatibility.md): hang up, user data, switch between the ways of monitoring
     * (there is no way back to Coach), mute or unmute the monitored agent, and, barged in, remove a participant.
     */
    private static List<CallOperation> monitoringCapabilities(CallView call) {
        EnumSet<CallOperation> result = EnumSet.noneOf(CallOperation.class);
        if (call.state() != PartyState.ESTABLISHED) {
            return List.of();
        }
        result.add(HANGUP);
        result.addAll(USER_DATA);
        if (call.monitoringSwitchable()) {
            switch (call.monitoring()) {
                case LISTEN_IN -> result.add(SWITCH_TO_BARGE_IN);
                case COACH -> {
                    result.add(SWITCH_TO_LISTEN_IN);
                    result.add(SWITCH_TO_BARGE_IN);
                }
                case BARGE_IN -> result.add(SWITCH_TO_LISTEN_IN);
                default -> throw new IllegalStateException("Unknown monitoring " + call.monitoring());
            }
        }
        result.add(call.monitoredUserMuted() ? UNMUTE_MONITORED_USER : MUTE_MONITORED_USER);
        if (call.monitoring() == dev.switchboard.core.view.MonitoringType.BARGE_IN) {
            result.add(REMOVE_PARTICIPANT_FROM_CONFERENCE);
        }
        return List.copyOf(result);
    }
}
