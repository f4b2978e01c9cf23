package io.streamscale.testing;

import io.streamscale.service.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Independent checks of what is left on this machine (not through the code under test). */
public final class Procs {
    private Procs() {}

    /** True if the pid exists and is not a zombie. */
    public static boolean running(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    public static boolean listening(Endpoint e) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(e.address(), e.port()), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
