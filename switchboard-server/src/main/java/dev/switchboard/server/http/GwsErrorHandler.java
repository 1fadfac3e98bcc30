package dev.switchboard.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Makes the errors Jetty answers by itself (an ambiguous or undecodable URI, a header too large, an unknown path
 * outside the API) GWS bodies too, so that every response is JSON with a {@code statusCode}: 404 → 6, 405 → 3,
 * 401 → 20, other 4xx → 2, 5xx → 4.
 */
public final class GwsErrorHandler {

    private GwsErrorHandler() {
    }

    /** For the server, for errors found before any context (bad URIs, oversized requests). */
    public static ErrorHandler forServer() {
        return new ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                            Callback callback) throws IOException {
                writeGws(response, code, message, callback);
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
                return ByteBuffer.wrap(body(status, reason));
            }
        };
    }

    /** For the servlet context, for errors a servlet reports with {@code sendError}. */
    public static org.eclipse.jetty.ee11.servlet.ErrorHandler forContext() {
        return new org.eclipse.jetty.ee11.servlet.ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                            Callback callback) throws IOException {
                writeGws(response, code, message, callback);
            }
        };
    }

    private static void writeGws(Response response, int code, String message, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    static byte[] body(int httpStatus, String message) {
        int statusCode = switch (httpStatus) {
            case 404 -> StatusCodes.NOT_FOUND;
            case 405 -> StatusCodes.FORBIDDEN;
            case 401 -> StatusCodes.NOT_AUTHENTICATED;
            default -> httpStatus >= 500 ? StatusCodes.INTERNAL_ERROR : StatusCodes.PARAMETER_INVALID;
        };
        String text = message == null || message.isBlank() ? "HTTP " + httpStatus : message;
        Map<String, Object> body = ApiServlet.error(statusCode, text);
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
