package dev.switchboard.server.config;

/**
 * A configuration that cannot run: names the file, the path inside it and the reason, e.g.
 * {@code demo.yaml: users[3].roles[0]: unknown role 'ROLE_BOSS'}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String path;
    private final String reason;

    public ConfigException(String file, String path, String reason) {
        super(file + ": " + (path.isEmpty() ? "" : path + ": ") + reason);
        this.file = file;
        this.path = path;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
