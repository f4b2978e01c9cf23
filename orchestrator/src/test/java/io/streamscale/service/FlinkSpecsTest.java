package io.streamscale.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.Transport;
import io.streamscale.readiness.FlinkRestProbe;
import io.streamscale.testing.TestHome;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A 2x2 Flink cluster as planned: where each daemon goes, what it is configured with, and where no secret goes. */
class FlinkSpecsTest {
    static Deployment plan() {
        Topology t = Layout.assign(Layout.localHosts(4), 2, 2, 1);
        ClusterSpec spec = new ClusterSpec(
                2,
                2,
                1,
                KafkaMode.ZOOKEEPER,
                3,
                "2g",
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                "AAAAAAAAAAAAAAAAAAAAAA",
                Duration.ofSeconds(18),
                false,
                Engine.FLINK);
        return Deployment.plan("c1", spec, t, Transport.local("/scratch"), TestHome.runtime(), TestHome.templates());
    }

    @Test
    void theJobManagerGoesWhereSparksMasterWouldAndATaskManagerOnEachComputeNode() {
        Deployment d = plan();
        assertEquals(
                List.of("kafka", "flink"),
                d.chains().stream().map(ClusterPlan.Chain::name).toList());
        List<DaemonSpec> flink =
                d.chains().get(1).tiers().stream().flatMap(List::stream).toList();
        assertEquals(
                List.of("n3 flink-jobmanager", "n3 flink-taskmanager-0", "n4 flink-taskmanager-1"),
                flink.stream().map(DaemonSpec::label).toList());
        assertTrue(d.daemons().stream().noneMatch(s -> s.kind() == ServiceKind.SPARK_MASTER), "no Spark");
        DaemonSpec tm = flink.get(2);
        String conf = tm.files().get("conf/config-base.yaml");
        assertTrue(conf.contains("jobmanager.rpc.address: 127.0.0.13\n"), conf);
        assertTrue(conf.contains("taskmanager.host: 127.0.0.14\n"), conf);
        assertTrue(conf.contains("taskmanager.numberOfTaskSlots: 3\n"), conf);
        assertTrue(conf.contains("taskmanager.memory.task.heap.size: 1024m\n"), "half of spark.workerMemory: " + conf);
        assertTrue(conf.contains("io.tmp.dirs: /scratch/n4/flink-taskmanager-1/data/tmp\n"), conf);
        String cmd = String.join(" ", tm.command());
        assertTrue(cmd.contains("-Xmx1152m -D"), "framework + task heap: " + cmd);
        assertTrue(cmd.contains("-XX:MaxDirectMemorySize=192m"), cmd);
        assertTrue(cmd.contains("--add-opens=java.base/java.util=ALL-UNNAMED"), cmd);
        assertTrue(
                cmd.endsWith(FlinkService.TASKMANAGER_MAIN + " --configDir /scratch/n4/flink-taskmanager-1/conf"), cmd);
        FlinkRestProbe probe = (FlinkRestProbe) tm.probe();
        assertEquals("https://127.0.0.13:8082", probe.restUrl());
        assertEquals("127.0.0.14", probe.taskManager());
    }

    @Test
    void theRunsKeysReachTheNodesOnlyAsPrivateFilesMergedAtStart() throws Exception {
        Deployment d = plan();
        FlinkAuth auth = d.flinkAuth();
        assertNotNull(auth);
        for (DaemonSpec s : d.daemons()) {
            String everything = String.join(" ", s.command()) + s.files() + s.env();
            assertFalse(everything.contains(auth.password()), s.label() + " carries the password");
        }
        DaemonSpec jm = d.daemons().stream()
                .filter(s -> s.kind() == ServiceKind.FLINK_JOBMANAGER)
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of(
                        "sh",
                        "-c",
                        "umask 077 && cat conf/config-base.yaml /scratch/n3/flink-ssl.yaml > conf/config.yaml"),
                jm.preStart().get(1));
        Map<String, Map<String, byte[]>> files = auth.files(d.context());
        assertEquals(List.of("n3", "n4"), List.copyOf(files.keySet()));
        String settings = new String(files.get("n4").get("/scratch/n4/flink-ssl.yaml"), StandardCharsets.UTF_8);
        assertTrue(settings.contains("security.ssl.rest.authentication-enabled: true\n"), settings);
        assertTrue(settings.contains("security.ssl.internal.enabled: true\n"), settings);
        assertTrue(settings.contains("security.ssl.rest.truststore: /scratch/n4/flink.p12\n"), settings);
        assertTrue(settings.contains("security.ssl.rest.keystore-password: " + auth.password() + "\n"), settings);

        // one self-signed key pair, keystore and truststore at once, for every Flink node's address
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(auth.keystore()), auth.password().toCharArray());
        assertTrue(ks.isKeyEntry("flink"));
        X509Certificate cert = (X509Certificate) ks.getCertificate("flink");
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(
                List.of("127.0.0.13", "127.0.0.14"),
                cert.getSubjectAlternativeNames().stream()
                        .map(n -> n.get(1).toString())
                        .toList());
        assertFalse(FlinkAuth.generate(d.context()).password().equals(auth.password()), "a fresh key pair per run");
    }

    @Test
    void theScorerIsTheFlinkClientOnTheJobManagersNodeWithEverySlot() {
        Deployment d = plan();
        JobSpecs.ScorerOptions o = new JobSpecs.ScorerOptions(
                "requests",
                "/m",
                "/out",
                "/cp",
                "/p.jsonl",
                "/c.jsonl",
                null,
                "broadcast",
                false,
                1000,
                10000,
                null,
                "1g",
                "1g",
                0,
                Duration.ofSeconds(30),
                500,
                0);
        DaemonSpec scorer = JobSpecs.scorer(d.context(), o);
        assertEquals("n3", scorer.node());
        String cmd = String.join(" ", scorer.command());
        assertTrue(cmd.contains(FlinkScorerSpec.FLINK_SCORER_MAIN + " --jobmanager 127.0.0.13:8082"), cmd);
        assertTrue(cmd.contains("--client-config /scratch/n3/flink-client.properties"), cmd);
        assertTrue(cmd.contains("--parallelism 6 --checkpoint-interval-ms 500"), "2 TaskManagers x 3 slots: " + cmd);
        assertTrue(cmd.contains("/flink/lib/*:"), cmd);
        assertFalse(cmd.contains("spark"), cmd);
    }
}
