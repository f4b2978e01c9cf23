package io.streamscale.readiness;

import io.streamscale.remote.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** ZooKeeper's four-letter {@code ruok}: ready when the server answers {@code imok}. */
public record ZooKeeperRuokProbe(String address, int port) implements Probe {
    @Override
    public ProbeResult check(Remote node) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("ruok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            return "imok".equals(answer)
                    ? ProbeResult.ready("imok")
                    : ProbeResult.notReady("answered '" + answer + "'");
        } catch (IOException e) {
            return ProbeResult.notReady(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "ruok at " + address + ":" + port;
    }
}
