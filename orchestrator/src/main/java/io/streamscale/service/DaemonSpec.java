package io.streamscale.service;

import io.streamscale.readiness.Probe;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one daemon on one node, fully resolved (no template left to render): what
 * {@link DaemonController} launches and what the cluster state records.
 *
 * @param id        unique within the cluster, e.g. {@code kafka-0}, {@code zookeeper-1}
 * @param workDir   node-local directory owned by this daemon: {@code conf/}, {@code data/}, {@code logs/}
 * @param command   the java command line (the marker system property included)
 * @param files     files to write before start: path relative to workDir → content
 * @param preStart  commands that must succeed before start (e.g. KRaft storage format)
 * @param endpoints ports it will listen on; each must be free before start
 * @param marker    a string in its command line that identifies this daemon's process, so a reused pid is not it
 * @param secretEnv environment variables whose values are read from files on the node at launch (a secret this way is
 *                  never on a command line, in a config or in the recorded state: only its file's path is)
 */
public record DaemonSpec(
        String id,
        ServiceKind kind,
        String node,
        String address,
        String workDir,
        List<String> command,
        Map<String, String> env,
        Map<String, String> files,
        List<List<String>> preStart,
        List<Endpoint> endpoints,
        Probe probe,
        String marker,
        Map<String, String> secretEnv) {
    public DaemonSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
        files = Map.copyOf(files);
        preStart = List.copyOf(preStart);
        endpoints = List.copyOf(endpoints);
    }

    /** A daemon without secrets. */
    public DaemonSpec(
            String id,
            ServiceKind kind,
            String node,
            String address,
            String workDir,
            List<String> command,
            Map<String, String> env,
            Map<String, String> files,
            List<List<String>> preStart,
            List<Endpoint> endpoints,
            Probe probe,
            String marker) {
        this(id, kind, node, address, workDir, command, env, files, preStart, endpoints, probe, marker, Map.of());
    }

    public String label() {
        return node + " " + id;
    }

    public String confDir() {
        return workDir + "/conf";
    }

    public String dataDir() {
        return workDir + "/data";
    }

    public String logFile() {
        return workDir + "/logs/" + id + ".log";
    }

    public String pidFile() {
        return workDir + "/" + id + ".pid";
    }
}
