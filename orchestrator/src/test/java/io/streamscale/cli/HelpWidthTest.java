package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command's help reads as prose at the widths terminals have: descriptions are paragraphs that picocli wraps, so
 * no sentence breaks into a line of one or two words with its rest on the next line, and nothing runs past the width.
 */
class HelpWidthTest {
    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void everyHelpWrapsAsParagraphs(int width) {
        CommandLine top = Main.commandLine().setUsageHelpAutoWidth(false).setUsageHelpWidth(width);
        List<String> ragged = new ArrayList<>();
        Map<String, CommandLine> commands = new LinkedHashMap<>(top.getSubcommands());
        commands.put("streamscale", top);
        commands.forEach((name, cl) -> {
            String[] lines = cl.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                assertTrue(
                        l.length() <= width,
                        name + " --help at " + width + " columns: a line of " + l.length() + ":\n" + l);
                if (i + 1 < lines.length && halfLine(l, lines[i + 1])) {
                    ragged.add(name + ": \"" + l.strip() + "\" / \"" + lines[i + 1].strip() + "\"");
                }
            }
        });
        assertEquals(List.of(), ragged, "lines of one or two words inside a paragraph at " + width + " columns");
    }

    @Test
    void theWidthIsTheTerminals() {
        assertTrue(Main.commandLine().isUsageHelpAutoWidth());
    }

    /** A line of prose of at most two words that the next line, at the same indent, continues. */
    static boolean halfLine(String line, String next) {
        String words = line.strip();
        if (words.isEmpty()
                || next.isBlank()
                || words.split("\\s+").length > 2
                || !prose(words)
                || !prose(next.strip())) {
            return false;
        }
        int indent = line.length() - line.stripLeading().length();
        int nextIndent = next.length() - next.stripLeading().length();
        return indent == nextIndent;
    }

    /** Not a synopsis ({@code [--x=N] MANIFEST}), an option's names or an example command. */
    private static boolean prose(String text) {
        return !text.startsWith("[")
                && !text.startsWith("-")
                && !text.startsWith("<")
                && !text.startsWith("streamscale ")
                && !text.matches("[A-Z_]+(\\.\\.\\.)?");
    }
}
