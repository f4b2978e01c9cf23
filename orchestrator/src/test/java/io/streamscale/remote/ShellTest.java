package io.streamscale.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellTest {
    @Test
    void quotesOnlyWhatNeedsItAndSurvivesSingleQuotes() throws Exception {
        assertEquals("/a/b-c.jar", Shell.quote("/a/b-c.jar"));
        assertEquals("'/lib/*'", Shell.quote("/lib/*"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("''", Shell.quote(""));
        // what sh makes of it is the original word
        String word = "a b'c\"$HOME*";
        ExecResult r = new LocalRemote("local").exec("printf %s " + Shell.quote(word), Duration.ofSeconds(10));
        assertEquals(word, r.stdout());
    }

    @Test
    void envPrefixIsSortedAndQuoted() {
        assertEquals("env A=1 'B=x y' ", Shell.envPrefix(Map.of("B", "x y", "A", "1")));
        assertEquals("", Shell.envPrefix(Map.of()));
        assertEquals("java -cp '/x/*' Main", Shell.join(List.of("java", "-cp", "/x/*", "Main")));
    }
}
