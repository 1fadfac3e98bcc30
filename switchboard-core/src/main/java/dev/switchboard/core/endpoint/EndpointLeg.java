package dev.switchboard.core.endpoint;

import dev.switchboard.core.view.PartyRole;

/**
 * One leg as its endpoint is told of it.
 *
 * @param id         the leg's id, which the endpoint names when it reports back
 * @param callId     the call it belongs to
 * @param familyId   the call family it belongs to (the first call's id; a consultation joins its original's family): legs
 *                   of one family may come to hear each other when a consultation completes, so they share a mixer
 * @param number     the leg's own number: the device's DN, or the external number
 * @param deviceId   the device's id, or {@code null} for an external number
 * @param ani        the number that placed the call (caller id to show)
 * @param dnis       the number the call was placed to
 * @param supervisor whether it is a supervisor's monitoring leg (a phone may answer it by itself)
 */
public record EndpointLeg(String id, String callId, String familyId, String number, String deviceId, PartyRole role, String ani,
                          String dnis, boolean supervisor) {
}
