package dev.switchboard.server.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code bash} blocks of one README section, cut into steps: a command (with its {@code \} continuation lines) and
 * the {@code # } lines right under it, which are its expected output. {@code # X} starts an expected line and
 * {@code #   X} continues the one before (a long JSON reply wrapped); {@code …} stands for anything. Comment lines after
 * a blank line, or before any command, are prose.
 */
final class ReadmeWalkthrough {
    /** One command and what it must print; no expected lines means it must print nothing. */
    record Step(int line, String command, List<String> expected) {
        boolean changesState() {
            return command.contains(" -d ");
        }

        /** The expected output as a regular expression: exact text, {@code …} matching anything. */
        Pattern expectation() {
            String text = String.join("\n", expected);
            StringBuilder regex = new StringBuilder("(?s)");
            String[] pieces = text.split("…", -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    regex.append(".*?");
                }
                regex.append(Pattern.quote(pieces[i]));
            }
            return Pattern.compile(regex.toString());
        }
    }

    private ReadmeWalkthrough() {
    }

    /** The steps of every {@code bash} block between {@code heading} and the next level-2 heading. */
    static List<Step> steps(String readme, String heading) {
        List<String> lines = readme.lines().toList();
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new IllegalArgumentException("No heading '" + heading + "' in the README");
        }
        List<Step> steps = new ArrayList<>();
        boolean inBash = false;
        StringBuilder command = null;
        int commandLine = 0;
        List<String> expected = new ArrayList<>();
        boolean expecting = false;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!inBash) {
                inBash = line.equals("```bash");
                continue;
            }
            if (line.equals("```")) {
                inBash = false;
                expecting = false;
                continue;
            }
            if (line.isBlank()) {
                expecting = false;
            } else if (line.startsWith("#")) {
                if (expecting) {
                    if (line.startsWith("#   ") && !expected.isEmpty()) {
                        expected.set(expected.size() - 1, expected.get(expected.size() - 1) + line.substring(1).strip());
                    } else {
                        expected.add(line.startsWith("# ") ? line.substring(2) : line.substring(1));
                    }
                }
            } else if (command != null && command.toString().endsWith("\\") && !expecting) {
                command.append('\n').append(line);
            } else {
                if (command != null) {
                    steps.add(new Step(commandLine, command.toString(), List.copyOf(expected)));
                }
                command = new StringBuilder(line);
                commandLine = i + 1;
                expected = new ArrayList<>();
            }
            if (command != null && !line.startsWith("#") && !line.isBlank()) {
                expecting = !line.endsWith("\\");
            }
        }
        if (command != null) {
            steps.add(new Step(commandLine, command.toString(), List.copyOf(expected)));
        }
        return steps;
    }
}
