package dev.switchboard.server.http;

import dev.switchboard.core.command.Outcome.Refusal;

/** The GWS statusCodes Switchboard answers with, and the HTTP status of each (docs/compatibility.md). */
public final class StatusCodes {
    public static final int OK = 0;
    public static final int PARAMETER_MISSING = 1;
    public static final int PARAMETER_INVALID = 2;
    public static final int FORBIDDEN = 3;
    public static final int INTERNAL_ERROR = 4;
    public static final int NOT_PERMITTED = 5;
    public static final int NOT_FOUND = 6;
    public static final int PARTIAL_SUCCESS = 7;
    public static final int ALREADY_EXISTS = 18;
    public static final int IN_USE = 19;
    public static final int NOT_AUTHENTICATED = 20;

    private StatusCodes() {
    }

    /** The HTTP status that goes with a statusCode. */
    public static int httpStatus(int statusCode) {
        return switch (statusCode) {
            case OK, PARTIAL_SUCCESS -> 200;
            case PARAMETER_MISSING, PARAMETER_INVALID, 10, 11 -> 400;
            case FORBIDDEN, NOT_PERMITTED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, IN_USE -> 409;
            case NOT_AUTHENTICATED -> 401;
            default -> 500;
        };
    }

    /** The statusCode for a refusal of the switch. */
    public static int of(Refusal refusal) {
        return switch (refusal) {
            case MISSING_PARAMETER -> PARAMETER_MISSING;
            case INVALID_PARAMETER -> PARAMETER_INVALID;
            case NOT_IN_CAPABILITIES -> FORBIDDEN;
            case NOT_PERMITTED -> NOT_PERMITTED;
            case NOT_FOUND -> NOT_FOUND;
            case IN_USE -> IN_USE;
            case UNAVAILABLE -> INTERNAL_ERROR;
        };
    }
}
