package io.streamscale.service;

import io.streamscale.common.Sizes;
import io.streamscale.readiness.FlinkRestProbe;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink standalone session cluster from Maven jars (no flink-dist): the JobManager on the node where Spark's master
 * goes (SPARK_MASTER) and a TaskManager on each compute node (SPARK_WORKER), started with {@code java -cp} the way
 * Flink's scripts would (their Java 17 flags, every memory component in config.yaml), secured by the run's mutual TLS
 * ({@link FlinkAuth}) and probed over REST.
 */
public final class FlinkService {
    public static final String VERSION = "2.2.1";
    static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    public static final int JOBMANAGER_RPC_PORT = 6123;
    public static final int BLOB_PORT = 6124;
    public static final int REST_PORT = 8082;
    public static final int TASKMANAGER_RPC_PORT = 6122;
    public static final int TASKMANAGER_DATA_PORT = 6121;

    /** What flink-console.sh passes (env.java.opts.all of the distribution's config.yaml): Flink reflects into these. */
    static final List<String> JAVA17_FLAGS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * A TaskManager's memory, component by component (MB). The task heap is half of what a Spark worker offers
     * (spark.workerMemory; by default what one Spark executor gets), so both engines score in about the same heap; the
     * rest are Flink's defaults, managed memory small (no RocksDB, no batch operators here).
     */
    record TaskManagerMemory(
            int frameworkHeap,
            int taskHeap,
            int frameworkOffHeap,
            int managed,
            int network,
            int metaspace,
            int overhead) {
        static TaskManagerMemory withTaskHeap(int taskHeapMb) {
            return new TaskManagerMemory(128, taskHeapMb, 128, 64, 64, 256, 192);
        }

        String xmx() {
            return (frameworkHeap + taskHeap) + "m";
        }

        String maxDirect() {
            return (frameworkOffHeap + network) + "m";
        }
    }

    private FlinkService() {}

    public static String restUrl(ServiceContext ctx) {
        return "https://" + ctx.topology().one(Role.SPARK_MASTER).address() + ":" + REST_PORT;
    }

    /** host:port of the REST endpoint, as the scorer's client takes it. */
    public static String restEndpoint(ServiceContext ctx) {
        return ctx.topology().one(Role.SPARK_MASTER).address() + ":" + REST_PORT;
    }

    public static DaemonSpec jobManagerSpec(ServiceContext ctx) {
        Node node = ctx.topology().one(Role.SPARK_MASTER);
        String id = "flink-jobmanager";
        return spec(
                ctx,
                node,
                id,
                ServiceKind.FLINK_JOBMANAGER,
                ctx.spec().heaps().sparkMaster(),
                List.of(),
                JOBMANAGER_MAIN,
                List.of("--host", node.address(), "--webui-port", String.valueOf(REST_PORT)),
                List.of(
                        new Endpoint(node.address(), JOBMANAGER_RPC_PORT, "flink jobmanager rpc"),
                        new Endpoint(node.address(), BLOB_PORT, "flink blob server"),
                        new Endpoint(node.address(), REST_PORT, "flink rest")),
                null);
    }

    public static List<DaemonSpec> taskManagerSpecs(ServiceContext ctx) {
        List<DaemonSpec> specs = new ArrayList<>();
        List<Node> workers = ctx.topology().with(Role.SPARK_WORKER);
        TaskManagerMemory mem = memory(ctx);
        for (int i = 0; i < workers.size(); i++) {
            Node node = workers.get(i);
            specs.add(spec(
                    ctx,
                    node,
                    "flink-taskmanager-" + i,
                    ServiceKind.FLINK_TASKMANAGER,
                    mem.xmx(),
                    List.of(
                            "-XX:MaxDirectMemorySize=" + mem.maxDirect(),
                            "-XX:MaxMetaspaceSize=" + mem.metaspace() + "m"),
                    TASKMANAGER_MAIN,
                    List.of(),
                    List.of(
                            new Endpoint(node.address(), TASKMANAGER_RPC_PORT, "flink taskmanager rpc"),
                            new Endpoint(node.address(), TASKMANAGER_DATA_PORT, "flink taskmanager data")),
                    node.address()));
        }
        return specs;
    }

    private static DaemonSpec spec(
            ServiceContext ctx,
            Node node,
            String id,
            ServiceKind kind,
            String heap,
            List<String> jvm,
            String main,
            List<String> args,
            List<Endpoint> endpoints,
            String taskManagerAddress) {
        String work = ctx.workDir(node, id);
        Node jm = ctx.topology().one(Role.SPARK_MASTER);
        TaskManagerMemory mem = memory(ctx);
        Map<String, Object> vars = new HashMap<>();
        vars.put("version", VERSION);
        vars.put("node", node.name());
        vars.put("role", id);
        vars.put("jobManager", jm.address());
        vars.put("jobManagerRpcPort", JOBMANAGER_RPC_PORT);
        vars.put("jobManagerProcess", "1g");
        vars.put("restPort", REST_PORT);
        vars.put("blobPort", BLOB_PORT);
        vars.put("bindHost", node.address());
        vars.put("taskManagerRpcPort", TASKMANAGER_RPC_PORT);
        vars.put("taskManagerDataPort", TASKMANAGER_DATA_PORT);
        vars.put("slots", ctx.spec().workerCores());
        vars.put("frameworkHeap", mem.frameworkHeap() + "m");
        vars.put("taskHeap", mem.taskHeap() + "m");
        vars.put("frameworkOffHeap", mem.frameworkOffHeap() + "m");
        vars.put("managed", mem.managed() + "m");
        vars.put("network", mem.network() + "m");
        vars.put("metaspace", mem.metaspace() + "m");
        vars.put("overhead", mem.overhead() + "m");
        vars.put("tmpDir", work + "/data/tmp");
        vars.put("heartbeatInterval", 2000);
        vars.put("heartbeatTimeout", 20000);
        String marker = ctx.marker(node, id);
        List<String> jvmOptions = new ArrayList<>(jvm);
        jvmOptions.addAll(JAVA17_FLAGS);
        jvmOptions.add("-Dlog4j.configurationFile=file:" + work + "/conf/log4j2.properties");
        jvmOptions.add("-Dlog.file=" + work + "/logs/" + id + ".log");
        jvmOptions.add("-Djava.io.tmpdir=" + work + "/data/tmp");
        List<String> fullArgs = new ArrayList<>(List.of("--configDir", work + "/conf"));
        fullArgs.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("STREAMSCALE_NODE", node.name()); // rows scored here name the node whose clock stamped them
        env.put("JAVA_HOME", ctx.runtime().javaHome());
        env.put("FLINK_CONF_DIR", work + "/conf");
        String settings = FlinkAuth.file(ctx, node, FlinkAuth.SETTINGS);
        return new DaemonSpec(
                id,
                kind,
                node.name(),
                node.address(),
                work,
                ctx.javaCommand(heap, marker, jvmOptions, ctx.runtime().flinkClasspath(), main, fullArgs),
                env,
                Map.of(
                        "conf/config-base.yaml",
                        ctx.templates().render("flink/config.yaml", vars),
                        "conf/log4j2.properties",
                        ctx.templates().render("flink/log4j2.properties", vars)),
                // config.yaml = the rendered settings + the run's TLS (0600 on the node): Flink reads only config.yaml
                List.of(
                        List.of("mkdir", "-p", work + "/data/tmp"),
                        List.of(
                                "sh",
                                "-c",
                                "umask 077 && cat conf/config-base.yaml " + settings + " > conf/config.yaml")),
                endpoints,
                new FlinkRestProbe(
                        restUrl(ctx), FlinkAuth.file(ctx, node, FlinkAuth.KEYSTORE), settings, taskManagerAddress),
                marker);
    }

    /** Every TaskManager's memory: a task heap of half of what a Spark worker offers. */
    private static TaskManagerMemory memory(ServiceContext ctx) {
        return TaskManagerMemory.withTaskHeap(
                (int) (Sizes.bytes(ctx.spec().workerMemory().strip()) >> 21));
    }
}
