package dev.switchboard.core.endpoint;

import java.util.Objects;

/**
 * A leg that an endpoint already has when it brings a call to the switch: the caller's side of a call a phone or a
 * trunk placed. The caller's party takes this leg id and endpoint; the switch never offers it (it exists), and tells
 * the endpoint {@link Endpoint#connected} when the call is answered.
 *
 * @param legId    the id the endpoint chose for the leg (unique among the switch's legs: prefix it)
 * @param endpoint the endpoint carrying the leg
 */
public record Origination(String legId, Endpoint endpoint) {

    public Origination {
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
