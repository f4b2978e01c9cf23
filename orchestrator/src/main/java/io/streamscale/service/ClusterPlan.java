package io.streamscale.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The daemons of a cluster as independent start chains, each a list of tiers: every daemon of a tier is started, then
 * all are awaited, before the chain's next tier starts. Kafka needs ZooKeeper and workers need the master, but Spark
 * does not need Kafka, so the chains (ZooKeeper, brokers) and (master, workers) start side by side; Flink's
 * (JobManager, TaskManagers) takes the place of Spark's. Teardown goes by kind in reverse (workers, master, brokers,
 * ZooKeeper).
 */
public final class ClusterPlan {
    private ClusterPlan() {}

    /** One chain: tiers in start order. */
    public record Chain(String name, List<List<DaemonSpec>> tiers) {
        public Chain {
            tiers = List.copyOf(tiers);
        }
    }

    public static List<Chain> chains(ServiceContext ctx) {
        List<List<DaemonSpec>> kafka = new ArrayList<>();
        if (ctx.spec().kafkaMode() == KafkaMode.ZOOKEEPER) {
            kafka.add(ZooKeeperService.specs(ctx));
        }
        kafka.add(KafkaService.specs(ctx));
        Chain engine = ctx.spec().flink()
                ? new Chain(
                        "flink", List.of(List.of(FlinkService.jobManagerSpec(ctx)), FlinkService.taskManagerSpecs(ctx)))
                : new Chain("spark", List.of(List.of(SparkService.masterSpec(ctx)), SparkService.workerSpecs(ctx)));
        return List.of(new Chain("kafka", kafka), engine);
    }

    /** Every daemon, chain by chain, tier by tier. */
    public static List<DaemonSpec> all(List<Chain> chains) {
        return chains.stream()
                .flatMap(c -> c.tiers().stream())
                .flatMap(List::stream)
                .toList();
    }
}
