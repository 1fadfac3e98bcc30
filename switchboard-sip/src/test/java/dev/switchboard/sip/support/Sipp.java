package dev.switchboard.sip.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs sipp against a server on 127.0.0.1 and reports its exit code (0 = every call passed) with its logs. */
public final class Sipp {

    private final Path workDir;

    public Sipp(Path workDir) {
        this.workDir = workDir;
    }

    /** A scenario from the test resources ({@code /sipp/NAME.xml}), copied next to the logs. */
    public Path scenario(String name) throws Exception {
        Path target = workDir.resolve(name + ".xml");
        try (var in = Sipp.class.getResourceAsStream("/sipp/" + name + ".xml")) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Runs sipp to completion (bounded), returning the exit code; -1 when it had to be stopped. */
    public Result run(String target, List<String> arguments, long timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ExternalTool.sipp().toString());
        command.add(target);
        command.addAll(List.of("-i", "127.0.0.1", "-nostdin", "-trace_err", "-trace_stat", "-timeout", timeoutSeconds + "s",
                "-timeout_error"));
        command.addAll(arguments);
        Path log = Files.createTempFile(workDir, "sipp", ".log");
        try (ExternalProcess sipp = ExternalProcess.start(command, workDir, log)) {
            int exit = sipp.waitFor(timeoutSeconds + 5);
            return new Result(exit, sipp.output() + errors());
        }
    }

    /** Starts sipp in the background (a UAS the server calls); the caller closes it. */
    public ExternalProcess start(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ExternalTool.sipp().toString());
        command.addAll(List.of("-i", "127.0.0.1", "-nostdin", "-trace_err"));
        command.addAll(arguments);
        return ExternalProcess.start(command, workDir, Files.createTempFile(workDir, "sipp-uas", ".log"));
    }

    private String errors() throws Exception {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(workDir)) {
            for (Path file : files.filter(Sipp::isSippLog).toList()) {
                text.append("\n--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        }
        return text.toString();
    }

    private static boolean isSippLog(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith("_errors.log") || name.endsWith("_messages.log");
    }

    /** sipp's exit code (0 all calls passed, 1 some failed, 97/99 errors, -1 stopped) and its logs. */
    public record Result(int exitCode, String log) {
    }
}
