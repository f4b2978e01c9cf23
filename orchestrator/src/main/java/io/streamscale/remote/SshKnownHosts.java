package io.streamscale.remote;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Host keys as OpenSSH reads them: the user's known hosts (UserKnownHostsFile, default ~/.ssh/known_hosts) and the
 * system's (GlobalKnownHostsFile, default /etc/ssh/ssh_known_hosts). JSch reads one file only; this joins them. Read
 * only: host keys are checked strictly and never added.
 */
final class SshKnownHosts {
    private SshKnownHosts() {}

    static HostKeyRepository load(List<Path> files) throws JSchException, IOException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Path f : files) {
            if (Files.isReadable(f)) {
                joined.write(Files.readAllBytes(f));
                joined.write('\n');
            }
        }
        JSch jsch = new JSch();
        jsch.setKnownHosts(new ByteArrayInputStream(joined.toByteArray()));
        return jsch.getHostKeyRepository();
    }
}
