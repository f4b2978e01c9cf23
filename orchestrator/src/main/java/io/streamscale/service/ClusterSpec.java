package io.streamscale.service;

import java.time.Duration;

/**
 * What cluster to deploy: how many of each, and how each daemon is sized.
 *
 * @param kraftClusterId the KRaft cluster id (Kafka's base64 UUID) used to format storage; unused in ZooKeeper mode
 * @param sessionTimeout how long a broker that stops answering keeps its partitions (ZooKeeper or KRaft session)
 * @param kafkaAuth      whether Kafka and ZooKeeper require the run's credentials (KafkaAuth)
 * @param engine         Spark's master and workers, or Flink's JobManager and TaskManagers (workerCores slots each)
 */
public record ClusterSpec(
        int kafkaNodes,
        int sparkNodes,
        int zookeeperNodes,
        KafkaMode kafkaMode,
        int workerCores,
        String workerMemory,
        Heaps heaps,
        Ports ports,
        String kraftClusterId,
        Duration sessionTimeout,
        boolean kafkaAuth,
        Engine engine) {
    /** A Spark cluster. */
    public ClusterSpec(
            int kafkaNodes,
            int sparkNodes,
            int zookeeperNodes,
            KafkaMode kafkaMode,
            int workerCores,
            String workerMemory,
            Heaps heaps,
            Ports ports,
            String kraftClusterId,
            Duration sessionTimeout,
            boolean kafkaAuth) {
        this(
                kafkaNodes,
                sparkNodes,
                zookeeperNodes,
                kafkaMode,
                workerCores,
                workerMemory,
                heaps,
                ports,
                kraftClusterId,
                sessionTimeout,
                kafkaAuth,
                Engine.SPARK);
    }

    public boolean flink() {
        return engine == Engine.FLINK;
    }

    public ClusterSpec(
            int kafkaNodes,
            int sparkNodes,
            int zookeeperNodes,
            KafkaMode kafkaMode,
            int workerCores,
            String workerMemory,
            Heaps heaps,
            Ports ports,
            String kraftClusterId,
            Duration sessionTimeout) {
        this(
                kafkaNodes,
                sparkNodes,
                zookeeperNodes,
                kafkaMode,
                workerCores,
                workerMemory,
                heaps,
                ports,
                kraftClusterId,
                sessionTimeout,
                false);
    }

    /** Kafka's default session timeout, 18 s. */
    public ClusterSpec(
            int kafkaNodes,
            int sparkNodes,
            int zookeeperNodes,
            KafkaMode kafkaMode,
            int workerCores,
            String workerMemory,
            Heaps heaps,
            Ports ports,
            String kraftClusterId) {
        this(
                kafkaNodes,
                sparkNodes,
                zookeeperNodes,
                kafkaMode,
                workerCores,
                workerMemory,
                heaps,
                ports,
                kraftClusterId,
                Duration.ofSeconds(18));
    }

    /** JVM heap per daemon (-Xmx). */
    public record Heaps(String zookeeper, String kafka, String sparkMaster, String sparkWorker) {
        public static Heaps defaults() {
            return new Heaps("256m", "1g", "512m", "512m");
        }
    }

    /** Ports; each node has its own address, so every node uses the same ones. */
    public record Ports(
            int zookeeperClient,
            int zookeeperPeer,
            int zookeeperElection,
            int kafka,
            int kafkaController,
            int sparkMaster,
            int sparkMasterUi,
            int sparkWorker,
            int sparkWorkerUi) {
        public static Ports defaults() {
            return new Ports(2181, 2888, 3888, 9092, 9093, 7077, 8080, 7078, 8081);
        }
    }
}
