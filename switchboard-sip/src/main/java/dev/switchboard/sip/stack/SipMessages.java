package dev.switchboard.sip.stack;

import gov.nist.javax.sip.header.SIPHeader;
import java.text.ParseException;
import java.util.UUID;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** The JAIN-SIP factories plus the few message chores every handler repeats. Thread-safe. */
public final class SipMessages {

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String userAgent;

    public SipMessages(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, String userAgent) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.userAgent = userAgent;
    }

    public MessageFactory messageFactory() {
        return messages;
    }

    public HeaderFactory headerFactory() {
        return headers;
    }

    public AddressFactory addressFactory() {
        return addresses;
    }

    /** A response with a To tag (when the request had none and this is not a 100) and our Server header. */
    public Response response(Request request, int status) throws ParseException {
        Response response = messages.createResponse(status, request);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (status > 100 && to != null && to.getTag() == null) {
            to.setTag(newTag());
        }
        response.setHeader(headers.createHeader("Server", userAgent));
        return response;
    }

    /** A header parsed from name and value, e.g. {@code ("Min-Expires", "60")}. */
    public Header header(String name, String value) throws ParseException {
        return headers.createHeader(name, value);
    }

    /** Sets a list header ({@code Allow}, {@code Supported}) from comma-separated values, one header per value. */
    public void setList(Message message, String name, String commaSeparated) throws ParseException {
        message.removeHeader(name);
        for (String value : commaSeparated.split(",")) {
            message.addHeader(headers.createHeader(name, value.trim()));
        }
    }

    public void setSdp(Message message, String sdp) throws ParseException {
        ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
        message.setContent(sdp, type);
    }

    public String userAgent() {
        return userAgent;
    }

    /** The raw value of a header, or null when absent. */
    public static String value(Message message, String name) {
        Header header = message.getHeader(name);
        if (header == null) {
            return null;
        }
        return header instanceof SIPHeader ? ((SIPHeader) header).getHeaderValue().trim() : header.toString();
    }

    /** The body as text, or null when there is none. */
    public static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True when the body is SDP (or untyped, which phones send as SDP). */
    public static boolean hasSdp(Message message) {
        byte[] raw = message.getRawContent();
        if (raw == null || raw.length == 0) {
            return false;
        }
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        return type == null || ("application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType()));
    }

    public static String newTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A request's source address, as the transport saw it. */
    public static String sourceHost(Request request) {
        return ((gov.nist.javax.sip.message.SIPRequest) request).getRemoteAddress().getHostAddress();
    }

    public static int sourcePort(Request request) {
        return ((gov.nist.javax.sip.message.SIPRequest) request).getRemotePort();
    }
}
