package dev.switchboard.sip.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real-peer tests need sipp and baresip (Debian packages {@code sip-tester}, {@code baresip-core}). Without them a
 * developer's run skips with a clear message; a CI run ({@code CI=true}) fails, because there they must run.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    public static Path require(String name, String path, String debianPackage) {
        Path binary = Path.of(path);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        String message = name + " not found at " + path + ": apt-get install -y --no-install-recommends " + debianPackage;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: real-peer tests must run)");
        }
        Assumptions.abort(message);
        return binary;
    }

    public static Path sipp() {
        return require("sipp", "/usr/bin/sipp", "sip-tester");
    }

    public static Path baresip() {
        return require("baresip", "/usr/bin/baresip", "baresip-core");
    }

    public static Path sox() {
        return require("sox", "/usr/bin/sox", "sox");
    }
}
