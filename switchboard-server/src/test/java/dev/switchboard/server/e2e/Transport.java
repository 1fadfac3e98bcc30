package dev.switchboard.server.e2e;

/** The two CometD transports every end-to-end test runs over. */
public enum Transport {
    LONG_POLLING,
    WEBSOCKET
}
