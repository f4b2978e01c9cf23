package io.streamscale.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.OpenSSHConfig;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs commands on a host over SSH (JSch, key authentication, known_hosts checking always on). One connection per host,
 * opened on first use and reused by every command; a dropped connection is reopened.
 */
public final class SshRemote implements Remote {
    private static final Duration POLL = Duration.ofMillis(5);
    private final String host;
    private final SshSettings settings;
    private Session session;

    /** @param host an alias resolved through the SSH config (HostName, Port, User), or a plain host name */
    public SshRemote(String host, SshSettings settings) {
        this.host = host;
        this.settings = settings;
    }

    @Override
    public String host() {
        return host;
    }

    private synchronized Session session() throws JSchException, IOException {
        if (session != null && session.isConnected()) {
            return session;
        }
        JSch jsch = new JSch();
        Path config = settings.effectiveConfig();
        if (config != null) {
            jsch.setConfigRepository(OpenSSHConfig.parseFile(config.toString()));
        }
        Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
        Path knownHosts = sshDir.resolve("known_hosts");
        if (Files.isReadable(knownHosts)) {
            jsch.setKnownHosts(knownHosts.toString()); // the config's UserKnownHostsFile, if any, takes precedence
        }
        boolean configNamesKey = config != null
                && jsch.getConfigRepository().getConfig(host).getValues("IdentityFile") != null;
        if (!configNamesKey) {
            for (String key : new String[] {"id_ed25519", "id_ecdsa", "id_rsa"}) {
                if (Files.isReadable(sshDir.resolve(key))) {
                    jsch.addIdentity(sshDir.resolve(key).toString());
                }
            }
        }
        Session s = jsch.getSession(host);
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        s.connect((int) settings.connectTimeout().toMillis());
        session = s;
        return s;
    }

    @Override
    public ExecResult exec(String command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = exec(command, null, out, timeout);
        return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    }

    @Override
    public ExecResult exec(String command, java.io.InputStream stdin, java.io.OutputStream stdout, Duration timeout) {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session().openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(stdin, true); // JSch closes the remote stdin at the stream's end
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOutputStream(stdout, true);
            channel.setErrStream(err);
            channel.connect((int) settings.connectTimeout().toMillis());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!channel.isClosed()) { // JSch offers no blocking wait for the exit status: poll
                if (System.nanoTime() > deadline) {
                    throw new RemoteException(host, command, -1,
                            "on " + host + ": `" + command + "` did not finish within " + timeout.toSeconds() + " s", null);
                }
                Thread.sleep(POLL.toMillis());
            }
            return new ExecResult(channel.getExitStatus(), "", err.toString(StandardCharsets.UTF_8));
        } catch (JSchException | IOException e) {
            throw RemoteException.unreachable(host, command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RemoteException.unreachable(host, command, e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    @Override
    public Conversation converse(String command) {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session().openChannel("exec");
            channel.setCommand(command);
            java.io.OutputStream requests = channel.getOutputStream();
            java.io.InputStream answers = channel.getInputStream();
            channel.setErrStream(java.io.OutputStream.nullOutputStream());
            channel.connect((int) settings.connectTimeout().toMillis());
            return new StreamConversation(host, command, requests, answers, channel::disconnect);
        } catch (JSchException | IOException e) {
            if (channel != null) {
                channel.disconnect();
            }
            throw RemoteException.unreachable(host, command, e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        sftp("write " + path, path, sftp -> sftp.put(new ByteArrayInputStream(content), path));
    }

    @Override
    public void upload(Path local, String remotePath) {
        sftp("upload " + local + " " + remotePath, remotePath, sftp -> sftp.put(local.toString(), remotePath));
    }

    @Override
    public void download(String remotePath, Path local) {
        try {
            Files.createDirectories(local.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw RemoteException.unreachable(host, "download " + remotePath, e);
        }
        sftp("download " + remotePath + " " + local, null, sftp -> sftp.get(remotePath, local.toString()));
    }

    private interface SftpAction {
        void apply(ChannelSftp sftp) throws SftpException;
    }

    private void sftp(String what, String remoteTarget, SftpAction action) {
        if (remoteTarget != null) {
            String parent = Path.of(remoteTarget).getParent().toString();
            run("mkdir -p " + Shell.quote(parent), Duration.ofSeconds(30));
        }
        ChannelSftp channel = null;
        try {
            channel = (ChannelSftp) session().openChannel("sftp");
            channel.connect((int) settings.connectTimeout().toMillis());
            action.apply(channel);
        } catch (JSchException | IOException | SftpException e) {
            throw RemoteException.unreachable(host, what, e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }
}
