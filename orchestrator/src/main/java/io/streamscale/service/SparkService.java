package io.streamscale.service;

import io.streamscale.readiness.Probe;
import io.streamscale.readiness.SparkMasterProbe;
import io.streamscale.readiness.SparkWorkerProbe;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Spark standalone master on the SPARK_MASTER node and a worker on each SPARK_WORKER node. */
public final class SparkService {
    private static final String MASTER_MAIN = "org.apache.spark.deploy.master.Master";
    private static final String WORKER_MAIN = "org.apache.spark.deploy.worker.Worker";

    private SparkService() {}

    public static String masterUrl(ServiceContext ctx) {
        return "spark://" + ctx.topology().one(Role.SPARK_MASTER).address() + ":"
                + ctx.spec().ports().sparkMaster();
    }

    public static String masterWebUi(ServiceContext ctx) {
        return "http://" + ctx.topology().one(Role.SPARK_MASTER).address() + ":"
                + ctx.spec().ports().sparkMasterUi();
    }

    public static List<String> workerWebUis(ServiceContext ctx) {
        return ctx.topology().with(Role.SPARK_WORKER).stream()
                .map(n -> "http://" + n.address() + ":" + ctx.spec().ports().sparkWorkerUi())
                .toList();
    }

    public static DaemonSpec masterSpec(ServiceContext ctx) {
        Node node = ctx.topology().one(Role.SPARK_MASTER);
        ClusterSpec.Ports ports = ctx.spec().ports();
        return spec(
                ctx,
                node,
                "spark-master",
                ServiceKind.SPARK_MASTER,
                ctx.spec().heaps().sparkMaster(),
                MASTER_MAIN,
                List.of(
                        "--host",
                        node.address(),
                        "--port",
                        String.valueOf(ports.sparkMaster()),
                        "--webui-port",
                        String.valueOf(ports.sparkMasterUi())),
                List.of(
                        new Endpoint(node.address(), ports.sparkMaster(), "spark master"),
                        new Endpoint(node.address(), ports.sparkMasterUi(), "spark master web UI")),
                new SparkMasterProbe(masterWebUi(ctx) + "/json/", 0));
    }

    public static List<DaemonSpec> workerSpecs(ServiceContext ctx) {
        ClusterSpec.Ports ports = ctx.spec().ports();
        List<DaemonSpec> specs = new ArrayList<>();
        List<Node> workers = ctx.topology().with(Role.SPARK_WORKER);
        for (int i = 0; i < workers.size(); i++) {
            Node node = workers.get(i);
            String id = "spark-worker-" + i;
            String work = ctx.workDir(node, id);
            specs.add(spec(
                    ctx,
                    node,
                    id,
                    ServiceKind.SPARK_WORKER,
                    ctx.spec().heaps().sparkWorker(),
                    WORKER_MAIN,
                    List.of(
                            "--host",
                            node.address(),
                            "--port",
                            String.valueOf(ports.sparkWorker()),
                            "--webui-port",
                            String.valueOf(ports.sparkWorkerUi()),
                            "--cores",
                            String.valueOf(ctx.spec().workerCores()),
                            "--memory",
                            ctx.spec().workerMemory(),
                            "--work-dir",
                            work + "/data/work",
                            masterUrl(ctx)),
                    List.of(
                            new Endpoint(node.address(), ports.sparkWorker(), "spark worker"),
                            new Endpoint(node.address(), ports.sparkWorkerUi(), "spark worker web UI")),
                    new SparkWorkerProbe(masterWebUi(ctx) + "/json/", node.address())));
        }
        return specs;
    }

    private static DaemonSpec spec(
            ServiceContext ctx,
            Node node,
            String id,
            ServiceKind kind,
            String heap,
            String main,
            List<String> args,
            List<Endpoint> endpoints,
            Probe probe) {
        String work = ctx.workDir(node, id);
        Map<String, Object> vars = new HashMap<>();
        vars.put("clusterId", ctx.clusterId());
        vars.put("node", node.name());
        vars.put("role", id);
        vars.put("localDir", work + "/data/tmp");
        vars.put("log4jConfig", work + "/conf/log4j2.properties");
        List<String> fullArgs = new ArrayList<>(args);
        fullArgs.addAll(List.of("--properties-file", work + "/conf/spark-defaults.conf"));
        String marker = ctx.marker(node, id);
        Map<String, String> env = new HashMap<>();
        // Without SPARK_HOME + SPARK_SCALA_VERSION executors look for a source build; without SPARK_LOCAL_IP Spark
        // binds the machine's external interface instead of the node's address.
        env.put("SPARK_HOME", ctx.runtime().sparkHomeDir());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", node.address());
        env.put("STREAMSCALE_NODE", node.name()); // rows scored here name the node whose clock stamped them
        env.put("SPARK_CONF_DIR", work + "/conf");
        env.put("JAVA_HOME", ctx.runtime().javaHome());
        return new DaemonSpec(
                id,
                kind,
                node.name(),
                node.address(),
                work,
                ctx.javaCommand(
                        heap,
                        marker,
                        ZooKeeperService.concat(
                                ServiceContext.LIGHT_JVM,
                                "-Dlog4j.configurationFile=file:" + work + "/conf/log4j2.properties"),
                        ctx.runtime().sparkClasspath(),
                        main,
                        fullArgs),
                env,
                Map.of(
                        "conf/spark-defaults.conf",
                        ctx.templates().render("spark/spark-defaults.conf", vars),
                        "conf/log4j2.properties",
                        ctx.templates().render("spark/log4j2.properties", vars)),
                List.of(),
                endpoints,
                probe,
                marker,
                Map.of(SparkAuth.ENV, SparkAuth.file(ctx, node)));
    }
}
