package dev.switchboard.server;

/**
 * The server cannot start for a reason the operator can fix, said in words that tell what to do (a port in use, a data
 * directory another Switchboard holds). The command line prints the message alone, without a stack trace.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
