package dev.switchboard.server;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

import dev.switchboard.server.config.ContactCenterConfig.CorsConfig;

/** Cross-origin requests (CORS) as the configuration allows them: none unless origins are listed. */
final class CrossOrigin {
    private CrossOrigin() {
    }

    /** {@code next}, behind Jetty's cross-origin handler when {@code cors} lists origins. */
    static Handler wrap(CorsConfig cors, Handler next) {
        if (cors.allowedOrigins().isEmpty()) {
            return next;
        }
        CrossOriginHandler handler = new CrossOriginHandler();
        Set<String> patterns = new HashSet<>();
        for (String origin : cors.allowedOrigins()) {
            // Configuration gives globs (http://localhost:*); Jetty wants regular expressions.
            patterns.add(java.util.regex.Pattern.quote(origin).replace("*", "\\E.*\\Q"));
        }
        handler.setAllowedOriginPatterns(patterns);
        handler.setAllowedMethods(Set.copyOf(cors.allowedMethods()));
        handler.setAllowedHeaders(Set.copyOf(cors.allowedHeaders()));
        handler.setExposedHeaders(Set.copyOf(cors.exposedHeaders()));
        handler.setAllowCredentials(cors.allowCredentials());
        handler.setPreflightMaxAge(Duration.ofSeconds(cors.maxAgeSeconds()));
        handler.setHandler(next);
        return handler;
    }
}
