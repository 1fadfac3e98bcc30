package dev.switchboard.server.http;

import dev.switchboard.core.command.Outcome;

/**
 * A request that fails with a GWS {@code statusCode} and {@code statusMessage}. Thrown by request parsing and
 * resources, turned into a response in one place ({@link ApiServlet}); the HTTP status follows from the statusCode
 * (docs/compatibility.md) unless a more exact one is given (415, 405).
 */
public final class GwsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final int httpStatus;

    public GwsException(int statusCode, String statusMessage) {
        this(statusCode, statusMessage, StatusCodes.httpStatus(statusCode));
    }

    public GwsException(int statusCode, String statusMessage, int httpStatus) {
        super(statusMessage, null, false, false);
        this.statusCode = statusCode;
        this.httpStatus = httpStatus;
    }

    public int statusCode() {
        return statusCode;
    }

    public String statusMessage() {
        return getMessage();
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** statusCode 1: a required parameter is missing. */
    public static GwsException missing(String parameter) {
        return new GwsException(StatusCodes.PARAMETER_MISSING, "Missing required parameter '" + parameter + "'");
    }

    /** statusCode 2: a parameter has the wrong type or a value outside its allowed set. */
    public static GwsException invalid(String message) {
        return new GwsException(StatusCodes.PARAMETER_INVALID, message);
    }

    /** statusCode 5: the user's role, features or groups do not allow it. */
    public static GwsException notPermitted(String message) {
        return new GwsException(StatusCodes.NOT_PERMITTED, message);
    }

    /** statusCode 6: the id, URI or number names nothing. */
    public static GwsException notFound(String message) {
        return new GwsException(StatusCodes.NOT_FOUND, message);
    }

    /** The GWS failure for a command the switch refused. */
    public static GwsException of(Outcome.Refused refused) {
        return new GwsException(StatusCodes.of(refused.reason()), refused.message());
    }
}
