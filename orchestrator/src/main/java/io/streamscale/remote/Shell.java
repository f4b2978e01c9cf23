package io.streamscale.remote;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Quoting for POSIX sh command lines; every command sent to a host is built through here. */
public final class Shell {
    private Shell() {}

    public static String quote(String word) {
        if (!word.isEmpty()
                && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@,+%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    /** {@code env K=V ... } prefix (empty when there is no variable); keys are sorted for stable command lines. */
    public static String envPrefix(Map<String, String> env) {
        if (env.isEmpty()) {
            return "";
        }
        return "env "
                + env.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> quote(e.getKey() + "=" + e.getValue()))
                        .collect(Collectors.joining(" "))
                + " ";
    }
}
