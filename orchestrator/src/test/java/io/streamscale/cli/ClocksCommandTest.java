package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClocksCommandTest {

    @Test
    void thisMachineAgainstItselfIsZeroWithinItsBound() {
        Cli.Result r = Cli.run("clocks");
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher m = Pattern.compile("(?m)^localhost\\s+([+-][0-9.]+)\\s+([0-9.]+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        double offset = Double.parseDouble(m.group(1));
        double bound = Double.parseDouble(m.group(2));
        assertTrue(bound > 0 && Math.abs(offset) <= bound + 0.001, r.out());
        assertTrue(Integer.parseInt(m.group(3)) >= 100, r.out());
        assertEquals("jvm", m.group(4), "read by a JVM, the clock that stamps rows: " + r.out());
        assertTrue(m.group(5).matches("none|chrony.*|ntpd.*"), r.out());
    }

    @Test
    void anUnreachableHostIsNamed() {
        Cli.Result r = Cli.run("clocks", "--hosts", "no-such-host.invalid");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no-such-host.invalid"), r.err());
    }
}
