package dev.switchboard.sip.call;

import dev.switchboard.sip.stack.SipMessages;
import java.text.ParseException;
import java.util.Set;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Answers for requests Switchboard does not act on: OPTIONS (200), known-but-unsupported (405), unknown (501). */
public final class OutOfDialog {

    /** Methods we know and refuse with 405 rather than 501. */
    private static final Set<String> KNOWN = Set.of("SUBSCRIBE", "PUBLISH", "MESSAGE", "REFER", "PRACK", "NOTIFY", "INFO",
            "UPDATE", "BYE", "ACK", "CANCEL", "INVITE", "OPTIONS", "REGISTER");

    private OutOfDialog() {
    }

    public static Response optionsOk(SipMessages messages, Request request) throws ParseException {
        Response ok = messages.response(request, Response.OK);
        messages.setList(ok, "Allow", InDialogHandler.ALLOW);
        ok.setHeader(messages.header("Accept", "application/sdp"));
        ok.setHeader(messages.header("Supported", "timer"));
        return ok;
    }

    public static Response unsupported(SipMessages messages, Request request) throws ParseException {
        if (KNOWN.contains(request.getMethod())) {
            Response notAllowed = messages.response(request, Response.METHOD_NOT_ALLOWED);
            messages.setList(notAllowed, "Allow", InDialogHandler.ALLOW);
            return notAllowed;
        }
        return messages.response(request, Response.NOT_IMPLEMENTED);
    }
}
