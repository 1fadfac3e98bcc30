package dev.switchboard.server.endpoint;

import java.util.Objects;

import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.endpoint.VirtualEndpoint;

/**
 * Which adapter carries each new leg of the server's switches: the endpoint serving external numbers (the simulator's
 * customers) and, for agent devices, the virtual endpoint that GWS clients drive. Set after the switches exist,
 * because the adapters need the contact center that the switches make up; until then every leg is virtual.
 */
public final class EndpointDirectory implements Endpoints {
    private volatile Endpoint externalNumbers = VirtualEndpoint.INSTANCE;

    /** From now on, legs to and from external numbers are carried by {@code endpoint}. */
    public void externalNumbers(Endpoint endpoint) {
        this.externalNumbers = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public Endpoint device(Dn dn) {
        return VirtualEndpoint.INSTANCE;
    }

    @Override
    public Endpoint external(String number) {
        return externalNumbers;
    }
}
