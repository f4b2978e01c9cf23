package io.streamscale.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.OpenSSHConfig;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs commands on a host over SSH (JSch) as OpenSSH would: keys from ssh-agent then key files, host keys checked
 * strictly against the user's and the system's known hosts, keepalives, no agent forwarding. One connection per host,
 * opened on first use and reused by every command; a dropped connection is reopened.
 */
public final class SshRemote implements Remote {
    private static final Duration POLL = Duration.ofMillis(5);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final int KEEPALIVE_COUNT = 4;
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

    @Override
    public OptionalInt controlPort() {
        try {
            return OptionalInt.of(session().getPort());
        } catch (JSchException | IOException | RuntimeException e) {
            return OptionalInt.empty(); // not reachable now: the fault's own commands will say so
        }
    }

    private synchronized Session session() throws JSchException, IOException {
        if (session != null && session.isConnected()) {
            return session;
        }
        JSch jsch = new JSch();
        Path config = settings.effectiveConfig();
        ConfigRepository.Config hostConfig = null;
        if (config != null) {
            jsch.setConfigRepository(OpenSSHConfig.parseFile(config.toString()));
            hostConfig = jsch.getConfigRepository().getConfig(host);
        }
        Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> keys = new ArrayList<>();
        String[] configured = hostConfig == null ? null : hostConfig.getValues("IdentityFile");
        if (configured != null) {
            for (String key : configured) {
                keys.addAll(SshSettings.paths(key, List.of()));
            }
        } else {
            for (String key : new String[] {"id_ed25519", "id_ecdsa", "id_rsa"}) {
                if (Files.isReadable(sshDir.resolve(key))) {
                    keys.add(sshDir.resolve(key));
                }
            }
        }
        SshIdentities identities = SshIdentities.of(settings.agentSocket(), keys);
        Session s = jsch.getSession(host);
        s.setIdentityRepository(identities); // replaces JSch's own pick, which offers the config's key files first
        List<Path> knownHosts = new ArrayList<>(SshSettings.paths(
                value(hostConfig, "UserKnownHostsFile"),
                List.of(sshDir.resolve("known_hosts"), sshDir.resolve("known_hosts2"))));
        knownHosts.addAll(SshSettings.paths(value(hostConfig, "GlobalKnownHostsFile"), settings.globalKnownHosts()));
        s.setHostKeyRepository(SshKnownHosts.load(knownHosts));
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        if (value(hostConfig, "ServerAliveInterval") == null) {
            // a dead node or a dropped link shows as an error within a minute instead of a hang until TCP gives up
            s.setServerAliveInterval((int) KEEPALIVE.toMillis());
            s.setServerAliveCountMax(KEEPALIVE_COUNT);
        }
        try {
            s.connect((int) settings.connectTimeout().toMillis());
        } catch (JSchException e) {
            throw explained(e, identities, knownHosts);
        }
        session = s;
        return s;
    }

    private static String value(ConfigRepository.Config c, String key) {
        return c == null ? null : c.getValue(key);
    }

    /** How to make a key the nodes accept without an agent (docs/das5.md §2 has the same steps). */
    /**
     * Why a batch job (no ssh-agent there) could not reach the nodes, judged before it is submitted: no key file it
     * could use without a passphrase, among ~/.ssh/id_* and every IdentityFile of the SSH config; empty when one exists.
     */
    public static Optional<String> batchKeyProblem(SshSettings settings) {
        List<Path> keys = new ArrayList<>();
        Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
        for (String key : new String[] {"id_ed25519", "id_ecdsa", "id_rsa"}) {
            keys.add(sshDir.resolve(key));
        }
        Path config = settings.effectiveConfig();
        if (config != null && Files.isReadable(config)) {
            try {
                for (String line : Files.readAllLines(config)) {
                    Matcher m = Pattern.compile("(?i)^\\s*IdentityFile\\s*=?\\s*(\\S+)")
                            .matcher(line);
                    if (m.find()) {
                        keys.addAll(SshSettings.paths(m.group(1), List.of()));
                    }
                }
            } catch (IOException e) {
                // unreadable config: the keys in ~/.ssh decide
            }
        }
        try {
            SshIdentities ids = SshIdentities.of(null, keys);
            return ids.hasKeyWithoutPassphrase()
                    ? Optional.empty()
                    : Optional.of("no key without a passphrase (" + ids.describe() + "): " + KEY_FIX);
        } catch (JSchException e) {
            return Optional.of("the SSH keys cannot be read (" + e.getMessage() + "): " + KEY_FIX);
        }
    }

    static final String KEY_FIX =
            "ssh-keygen -t ed25519 -N '' -f ~/.ssh/id_ed25519_cluster && cat ~/.ssh/id_ed25519_cluster.pub"
                    + " >> ~/.ssh/authorized_keys, then `IdentityFile ~/.ssh/id_ed25519_cluster` under `Host node*` in ~/.ssh/config"
                    + " (docs/das5.md, keys)";

    private JSchException explained(JSchException e, SshIdentities identities, List<Path> knownHosts) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("reject HostKey") || m.contains("UnknownHostKey") || m.contains("HostKey has been changed")) {
            return new JSchException(
                    m + " (host keys read from "
                            + knownHosts.stream().filter(Files::isReadable).toList()
                            + "; add the node's key with ssh-keyscan, or ssh to it once)",
                    e);
        }
        if (m.startsWith("Auth fail") || m.contains("USERAUTH fail")) {
            // batch jobs (submit, sbatch) have no agent: only a key without a passphrase works there
            return new JSchException(
                    m + " (tried " + identities.describe()
                            + (identities.hasAgent()
                                    ? ""
                                    : "; a passphrase-protected key needs ssh-agent: eval $(ssh-agent); ssh-add")
                            + (identities.hasKeyWithoutPassphrase()
                                    ? "; the node must list one of these keys in ~/.ssh/authorized_keys"
                                    : "")
                            + "; for batch jobs, which have no agent, give the nodes a key without a passphrase: "
                            + KEY_FIX + ")",
                    e);
        }
        return e;
    }

    /** An exec channel; never forwards the agent, whatever the config says (the nodes are shared machines). */
    private ChannelExec execChannel(String command) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session().openChannel("exec");
        channel.setCommand(command);
        channel.setAgentForwarding(false);
        return channel;
    }

    @Override
    public ExecResult exec(String command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = exec(command, null, out, timeout);
        return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    }

    @Override
    public ExecResult exec(String command, InputStream stdin, OutputStream stdout, Duration timeout) {
        ChannelExec channel = null;
        try {
            channel = execChannel(command);
            channel.setInputStream(stdin, true); // JSch closes the remote stdin at the stream's end
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOutputStream(stdout, true);
            channel.setErrStream(err);
            channel.connect((int) settings.connectTimeout().toMillis());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!channel.isClosed()) { // JSch offers no blocking wait for the exit status: poll
                if (System.nanoTime() > deadline) {
                    throw new RemoteException(
                            host,
                            command,
                            -1,
                            "on " + host + ": `" + command + "` did not finish within " + timeout.toSeconds() + " s",
                            null);
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
            channel = execChannel(command);
            OutputStream requests = channel.getOutputStream();
            InputStream answers = channel.getInputStream();
            channel.setErrStream(OutputStream.nullOutputStream());
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
