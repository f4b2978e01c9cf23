package io.streamscale.remote;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.UnixDomainSocketFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Vector;

/**
 * The keys offered to a host, in OpenSSH's order: ssh-agent's first, then key files. JSch would otherwise push file
 * keys into the agent, or use only one of the two; read-only here (nothing is ever added to the agent).
 */
final class SshIdentities implements IdentityRepository {
    private final IdentityRepository agent;
    private final IdentityRepository files;
    private final List<Path> keyFiles;

    private SshIdentities(IdentityRepository agent, IdentityRepository files, List<Path> keyFiles) {
        this.agent = agent;
        this.files = files;
        this.keyFiles = keyFiles;
    }

    /** @param agentSocket ssh-agent's socket, or null; an agent that does not answer is left out */
    static SshIdentities of(Path agentSocket, List<Path> keyFiles) throws JSchException {
        JSch local = new JSch();
        for (Path key : keyFiles) {
            if (Files.isReadable(key)) { // as OpenSSH: a named key that is not there is skipped
                local.addIdentity(key.toString());
            }
        }
        return new SshIdentities(agent(agentSocket), local.getIdentityRepository(), List.copyOf(keyFiles));
    }

    private static IdentityRepository agent(Path socket) {
        if (socket == null || !Files.exists(socket)) {
            return null;
        }
        try {
            AgentIdentityRepository a =
                    new AgentIdentityRepository(new SSHAgentConnector(new UnixDomainSocketFactory(), socket));
            return a.getStatus() == RUNNING ? a : null;
        } catch (AgentProxyException e) {
            return null;
        }
    }

    /** Where keys came from, for an authentication failure's message: each key file, and whether it has a passphrase. */
    String describe() {
        List<String> each = keyFiles.stream()
                .map(k -> k + (!Files.isReadable(k) ? " (absent)" : encrypted(k) ? " (passphrase)" : ""))
                .toList();
        return (agent == null
                        ? "no ssh-agent"
                        : "ssh-agent with " + agent.getIdentities().size() + " key(s)")
                + (keyFiles.isEmpty() ? "" : ", key files " + each);
    }

    /** Whether some key file can be used without an agent (no passphrase): what a batch job needs. */
    boolean hasKeyWithoutPassphrase() {
        return keyFiles.stream().anyMatch(k -> Files.isReadable(k) && !encrypted(k));
    }

    private boolean encrypted(Path key) {
        for (Identity i : files.getIdentities()) {
            if (i.getName().equals(key.toString())) {
                return i.isEncrypted();
            }
        }
        return false;
    }

    boolean hasAgent() {
        return agent != null;
    }

    @Override
    public String getName() {
        return "ssh-agent then key files";
    }

    @Override
    public int getStatus() {
        return RUNNING;
    }

    @Override
    public Vector<Identity> getIdentities() {
        Vector<Identity> all = new Vector<>();
        if (agent != null) {
            all.addAll(agent.getIdentities());
        }
        all.addAll(files.getIdentities());
        return all;
    }

    @Override
    public boolean add(byte[] identity) {
        return false;
    }

    @Override
    public boolean remove(byte[] blob) {
        return false;
    }

    @Override
    public void removeAll() {}
}
