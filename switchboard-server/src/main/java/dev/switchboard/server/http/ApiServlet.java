package dev.switchboard.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.User;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves one API namespace ({@code /api/v2}, later {@code /ext/v1}, {@code /sim/v1}) through a {@link Router}: checks
 * the content type, dispatches, and writes every reply, success or failure, as a GWS body. This is the one place
 * where errors become HTTP responses; nothing here answers 5xx for a client's mistake. A text route's reply (see
 * {@link Router.TextHandler}) is written as it is; its failures become GWS bodies like any other. The matched route's
 * template is left in the request attribute {@link #ROUTE_ATTRIBUTE}, for metrics.
 */
public final class ApiServlet extends HttpServlet {
    /** Request attribute holding the template of the matched route ({@code me/calls/{id}}), relative to the namespace. */
    public static final String ROUTE_ATTRIBUTE = "switchboard.route";
    /** Request attribute holding the body's {@code operationName}, when the request named one; for the operation log. */
    public static final String OPERATION_ATTRIBUTE = "switchboard.operation";
    /** Request attribute holding the reply's {@code statusCode}, for the operation log. */
    public static final String STATUS_CODE_ATTRIBUTE = "switchboard.statusCode";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient Router router;

    public ApiServlet(Router router) {
        this.router = router;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        Map<String, Object> body = null;
        Router.TextReply text = null;
        int status = 200;
        ApiRequest apiRequest = null;
        try {
            if (method.equals("POST") || method.equals("PUT")) {
                // The raw header: the servlet API throws on a charset the JVM does not know (utf-7).
                String problem = contentTypeProblem(request.getHeader("Content-Type"));
                if (problem != null) {
                    throw new GwsException(StatusCodes.PARAMETER_INVALID, problem, 415);
                }
            }
            Router.Match match = router.match(method, relativePath(request));
            request.setAttribute(ROUTE_ATTRIBUTE, match.template());
            User user = (User) request.getAttribute(AuthFilter.USER_ATTRIBUTE);
            apiRequest = new ApiRequest(request, user, match.parameters());
            if (match.textHandler() != null) {
                text = match.textHandler().handle(apiRequest);
            } else {
                Map<String, Object> result = match.handler().handle(apiRequest);
                body = Json.object();
                body.put("statusCode", StatusCodes.OK);
                body.putAll(result);
            }
        } catch (GwsException failure) {
            status = failure.httpStatus();
            body = error(failure.statusCode(), failure.statusMessage());
            if (status == 413) {
                // The rest of the body was never read: the connection cannot carry another request.
                response.setHeader("Connection", "close");
            }
        } catch (Router.MethodNotAllowed notAllowed) {
            status = 405;
            response.setHeader("Allow", notAllowed.allow());
            body = error(StatusCodes.FORBIDDEN, notAllowed.getMessage());
        } catch (RuntimeException bug) {
            LOG.error("{} {} failed", method, request.getRequestURI(), bug);
            status = 500;
            body = error(StatusCodes.INTERNAL_ERROR, "Internal error");
        }
        if (apiRequest != null) {
            apiRequest.parsedOperationName().ifPresent(operation -> request.setAttribute(OPERATION_ATTRIBUTE, operation));
        }
        if (body != null) {
            request.setAttribute(STATUS_CODE_ATTRIBUTE, body.get("statusCode"));
        }
        if (text != null) {
            writeText(request, response, text);
        } else {
            write(request, response, status, body);
        }
    }

    private static String relativePath(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null) {
            return "";
        }
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.endsWith("/") && path.length() > start ? path.length() - 1 : path.length();
        return start >= end ? "" : path.substring(start, end);
    }

    /**
     * Why a request body's {@code Content-Type} is refused, or {@code null}: it must be {@code application/json}, in
     * UTF-8 when it names a charset (the only one read; JSON is UTF-8 by RFC 8259).
     */
    static String contentTypeProblem(String contentType) {
        if (contentType == null) {
            return "Content-Type must be application/json";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return "Content-Type must be application/json";
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "Content-Type charset '" + charset + "' is not supported; send application/json in UTF-8";
                }
            }
        }
        return null;
    }

    /** A GWS error body. */
    public static Map<String, Object> error(int statusCode, String statusMessage) {
        Map<String, Object> body = Json.object();
        body.put("statusCode", statusCode);
        body.put("statusMessage", statusMessage);
        return body;
    }

    private static void writeText(HttpServletRequest request, HttpServletResponse response, Router.TextReply text)
            throws IOException {
        writeBytes(request, response, 200, text.contentType(), text.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a JSON body with its status, never to be cached: every JSON reply of the server, success or error, in
     * whatever shape its API uses (a GWS body here and in the filters, the Statistics API's own elsewhere).
     *
     * Whatever the request's body had left unread (a request refused before its body was looked at) is read first.
     *
     * @param request  the request answered
     * @param response the response, not yet committed
     * @param status   the HTTP status
     * @param body     the JSON object to send
     * @throws IOException when the client cannot be written to
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, Map<String, Object> body)
            throws IOException {
        writeBytes(request, response, status, "application/json;charset=utf-8",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(HttpServletRequest request, HttpServletResponse response, int status, String contentType,
            byte[] bytes) throws IOException {
        readRestOfBody(request, response);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Reads what is left of the request's body, up to {@link ApiRequest#MAX_BODY} bytes, before the reply. Jetty closes
     * a connection whose request body was left unread once the reply has gone, and a keep-alive client sends its next
     * request on that connection; a POST, which it must not retry, would fail with no bytes received. A body larger
     * than the limit, or one that cannot be read, is not waited for: the reply says the connection closes.
     */
    private static void readRestOfBody(HttpServletRequest request, HttpServletResponse response) {
        long declared = request.getContentLengthLong();
        boolean noBody = declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null;
        if (noBody || response.containsHeader("Connection")) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            // The common case, a body the route read: one byte's read says so, and nothing is allocated per reply.
            if (in.read() < 0) {
                return;
            }
            byte[] buffer = new byte[4096];
            long read = 1;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read += n;
                if (read > ApiRequest.MAX_BODY) {
                    response.setHeader("Connection", "close");
                    return;
                }
            }
        } catch (IllegalStateException readAsText) {
            // The body was taken as a reader (a form's parameters): it has been read.
        } catch (IOException unreadable) {
            response.setHeader("Connection", "close");
        }
    }
}
