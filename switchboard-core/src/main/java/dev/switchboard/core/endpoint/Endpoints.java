package dev.switchboard.core.endpoint;

import dev.switchboard.core.directory.Dn;

/**
 * Which endpoint carries a new leg. The switch asks when a party joins a call; an adapter (SIP phones, the simulator)
 * answers for the devices and numbers it serves, and everything else is virtual.
 */
public interface Endpoints {

    /** Every leg virtual: GWS clients and the simulator's commands drive them (the behaviour without phones). */
    Endpoints VIRTUAL = new Endpoints() {
        @Override
        public Endpoint device(Dn dn) {
            return VirtualEndpoint.INSTANCE;
        }

        @Override
        public Endpoint external(String number) {
            return VirtualEndpoint.INSTANCE;
        }
    };

    /** The endpoint of an agent device's new leg (its registered phone, or the virtual endpoint). */
    Endpoint device(Dn dn);

    /** The endpoint of a new leg to or from an external number (a trunk, the simulated customers, or virtual). */
    Endpoint external(String number);
}
