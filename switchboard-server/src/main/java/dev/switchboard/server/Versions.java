package dev.switchboard.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.eclipse.jetty.util.Jetty;

/** The versions a start line and {@code --version} name. */
public final class Versions {
    /** Switchboard's own version. */
    public static final String SWITCHBOARD = "0.1.0";

    private Versions() {
    }

    public static String jetty() {
        return Jetty.VERSION;
    }

    /** CometD's version, from the Maven metadata its jar carries (kept by the shaded jar); "unknown" without it. */
    public static String cometd() {
        try (InputStream in = Versions.class.getResourceAsStream(
                "/META-INF/maven/org.cometd.java/cometd-java-server-common/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException unreadable) {
            return "unknown";
        }
    }
}
