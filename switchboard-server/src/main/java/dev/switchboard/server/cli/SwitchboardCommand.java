package dev.switchboard.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.server.StartupException;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.Versions;
import dev.switchboard.server.config.ConfigException;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.log.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line behind {@code ./switchboard}: {@code demo}, {@code serve --config FILE}, and the operator's tools
 * {@code hash-password} and {@code check-config FILE}; {@code help} lists them all.
 * Prints {@code Switchboard ready on http://127.0.0.1:PORT} once the port accepts requests, and stops cleanly on
 * SIGTERM.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "Switchboard " + Versions.SWITCHBOARD,
        description = "An open contact-center voice server speaking the Genesys Web Services v2 Voice API.",
        commandListHeading = "%nCommands:%n",
        subcommands = {SwitchboardCommand.Demo.class, SwitchboardCommand.Serve.class, OperatorCommands.Bench.class,
                OperatorCommands.BenchMedia.class, OperatorCommands.BenchFloor.class,
                OperatorCommands.HashPassword.class, OperatorCommands.CheckConfig.class,
                CommandLine.HelpCommand.class})
public final class SwitchboardCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new SwitchboardCommand());
        line.registerConverter(EnvironmentType.class, SwitchboardCommand::environment);
        line.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (failure instanceof ConfigException bad) {
                err.println("switchboard: bad configuration: " + bad.getMessage());
            } else if (failure instanceof StartupException cannot) {
                err.println("switchboard: cannot start: " + cannot.getMessage());
            } else {
                err.println("switchboard: cannot start: " + failure);
            }
            err.flush();
            return 1;
        });
        return line;
    }

    private static EnvironmentType environment(String value) {
        return switch (value) {
            case "sip-server" -> EnvironmentType.SIP_SERVER;
            case "sip-cluster" -> EnvironmentType.SIP_CLUSTER;
            default -> throw new CommandLine.TypeConversionException("expected sip-server or sip-cluster, not '" + value + "'");
        };
    }

    /** Options both sub-commands take. */
    static class Common {
        @Option(names = "--port", description = "HTTP port; 0 picks a free one (default: the configuration's, 8080 in the demo)")
        Integer port;

        @Option(names = "--data-dir", description = "Where the embedded store keeps its data (default: ./data)",
                defaultValue = "data")
        Path dataDir;

        @Option(names = "--environment", description = "Voice environment type: sip-server or sip-cluster",
                paramLabel = "sip-server|sip-cluster")
        EnvironmentType environment;

        @Option(names = "--host", paramLabel = "ADDRESS",
                description = "Address to listen on, e.g. 0.0.0.0 in a container (default: the configuration's, 127.0.0.1)")
        String host;

        @Option(names = "--sip-port", paramLabel = "PORT",
                description = "SIP port, UDP and TCP; 0 picks a free one (default: the configuration's, 5060)")
        Integer sipPort;

        @Option(names = "--sip-host", paramLabel = "ADDRESS",
                description = "Address SIP and RTP listen on and phones reach (default: the configuration's, 127.0.0.1)")
        String sipHost;

        @Option(names = "--rtp-ports", paramLabel = "FIRST-LAST",
                description = "RTP port range for calls' audio (default: the configuration's, 20000-20999)")
        String rtpPorts;

        @Option(names = "--log-level", paramLabel = "LEVEL",
                description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF (default: $SWITCHBOARD_LOG_LEVEL, else INFO)")
        String logLevel;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int run(ContactCenterConfig config, int traffic) throws Exception {
            if (logLevel != null) {
                try {
                    Logging.setLevel(logLevel);
                } catch (IllegalArgumentException unknown) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--log-level: " + unknown.getMessage());
                }
            }
            if (port != null && (port < 0 || port > 65535)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
            }
            if (host != null) {
                if (host.isBlank()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--host must not be empty");
                }
                config = config.withServer(config.server().withHost(host));
            }
            if (traffic < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--traffic must not be negative");
            }
            config = config.withSip(sipOptions(config.sip()));
            SwitchboardServer server = SwitchboardServer.start(
                    new SwitchboardServer.Options(config, dataDir, port, environment, traffic).withPhones(true));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                Logging.flush();
                stopped.countDown();
            }, "switchboard-shutdown"));
            String sip = server.phones().map(phones -> ", SIP on " + phones.uri()).orElse("");
            System.out.println("Switchboard ready on " + server.baseUrl() + sip);
            afterReady(server);
            System.out.flush();
            stopped.await();
            return 0;
        }

        /** What the sub-command prints once ready (the demo: how to point a softphone at it). */
        void afterReady(SwitchboardServer server) {
        }

        private ContactCenterConfig.SipConfig sipOptions(ContactCenterConfig.SipConfig sip) {
            if (sipPort != null) {
                if (sipPort < 0 || sipPort > 65535) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--sip-port must be between 0 and 65535");
                }
                sip = sip.withPort(sipPort);
            }
            if (sipHost != null) {
                if (sipHost.isBlank()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--sip-host must not be empty");
                }
                sip = sip.withHost(sipHost);
            }
            if (rtpPorts != null) {
                if (!ContactCenterConfig.SipConfig.validRtpPorts(rtpPorts)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--rtp-ports must be FIRST-LAST within 1024-65535, e.g. 20000-20999");
                }
                sip = sip.withRtpPorts(rtpPorts);
            }
            return sip;
        }
    }

    /** {@code ./switchboard demo}: the demo contact center the README describes. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start the demo contact center; every password is 'password'.")
    static final class Demo extends Common implements Callable<Integer> {
        @Option(names = "--traffic", description = "Simulated calls per minute to routing point 7000; 0 for none (default: 6)",
                defaultValue = "6")
        int traffic;

        @Override
        public Integer call() throws Exception {
            return run(ConfigLoader.loadDemo(), traffic);
        }

        @Override
        void afterReady(SwitchboardServer server) {
            server.phones().ifPresent(phones -> {
                System.out.println("Phones: register a softphone as user 5001 (or 5002-5007, 5101-5103), password 'password',"
                        + " server " + phones.settings().host() + ":" + phones.port() + " (UDP or TCP);");
                System.out.println("        call sip:7000@" + phones.settings().host() + ":" + phones.port()
                        + " from any softphone on " + phones.settings().host() + " to reach the queue. README, \"Use a real phone\".");
            });
        }
    }

    /** {@code ./switchboard serve --config FILE}: a contact center described by a configuration file. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the contact center a YAML file describes (--config FILE).")
    static final class Serve extends Common implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "The contact-center configuration (YAML)")
        Path config;

        @Option(names = "--traffic", description = "Simulated calls per minute to routing point 7000 (default: 0)",
                defaultValue = "0")
        int traffic;

        @Override
        public Integer call() throws Exception {
            return run(ConfigLoader.load(config), traffic);
        }
    }
}
