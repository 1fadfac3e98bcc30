package dev.switchboard.server.endpoint;

import java.util.Objects;

import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.Endpoints;
import dev.switchboard.core.endpoint.VirtualEndpoint;
import dev.switchboard.phone.SipPhones;

/**
 * Which adapter carries each new leg of one switch: a device's registered browser page (its audio over
 * {@code /ext/v1/audio}), else its registered SIP phone, else the virtual endpoint that
 * GWS clients drive; an outside number through a SIP trunk that takes outbound calls, else the simulator's customers.
 * The simulator is set after the switches exist, because it needs the contact center they make up; until then every
 * such leg is virtual.
 */
public final class EndpointDirectory implements Endpoints {
    private final String environment;
    private final SipPhones phones;
    private volatile Endpoint externalNumbers = VirtualEndpoint.INSTANCE;

    /**
     * @param environment the switch's voice environment
     * @param phones      the SIP phones and trunks, or {@code null} when the server runs without SIP
     */
    public EndpointDirectory(String environment, SipPhones phones) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.phones = phones;
    }

    /** From now on, legs to and from outside numbers that no trunk takes are carried by {@code endpoint}. */
    public void externalNumbers(Endpoint endpoint) {
        this.externalNumbers = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public Endpoint device(Dn dn) {
        if (phones == null) {
            return VirtualEndpoint.INSTANCE;
        }
        return phones.browsers().deviceEndpoint(environment, dn.number())
                .or(() -> phones.deviceEndpoint(environment, dn.number())).orElse(VirtualEndpoint.INSTANCE);
    }

    @Override
    public Endpoint external(String number) {
        if (phones == null) {
            return externalNumbers;
        }
        return phones.externalEndpoint(environment).orElse(externalNumbers);
    }
}
