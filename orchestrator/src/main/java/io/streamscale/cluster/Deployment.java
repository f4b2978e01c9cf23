package io.streamscale.cluster;

import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.ClusterPlan;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.FlinkAuth;
import io.streamscale.service.KafkaAuth;
import io.streamscale.service.ServiceContext;
import io.streamscale.service.SparkAuth;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Topology;
import java.time.Instant;
import java.util.List;

/**
 * A cluster fully planned (every config rendered, every command line built) but not started.
 *
 * @param sparkAuth the Spark secret of this cluster, written to its Spark nodes before anything starts
 * @param flinkAuth the TLS key pair of this cluster's Flink, written to its Flink nodes before anything starts (null:
 *                  engine spark)
 */
public record Deployment(
        ServiceContext context,
        Transport transport,
        List<ClusterPlan.Chain> chains,
        SparkAuth sparkAuth,
        FlinkAuth flinkAuth) {

    public static Deployment plan(
            String clusterId,
            ClusterSpec spec,
            Topology topology,
            Transport transport,
            RuntimeLayout runtime,
            TemplateRenderer templates) {
        ServiceContext ctx = new ServiceContext(
                clusterId,
                spec,
                topology,
                runtime,
                templates,
                node -> transport.nodeRoot() + "/" + node.name(),
                spec.kafkaAuth() ? KafkaAuth.generate() : null);
        return new Deployment(
                ctx,
                transport,
                ClusterPlan.chains(ctx),
                SparkAuth.generate(),
                spec.flink() ? FlinkAuth.generate(ctx) : null);
    }

    public List<DaemonSpec> daemons() {
        return ClusterPlan.all(chains);
    }

    public ClusterState initialState() {
        return new ClusterState(
                context.clusterId(),
                Instant.now(),
                "starting",
                transport,
                context.spec(),
                context.topology(),
                ClusterEndpoints.of(context),
                List.of());
    }
}
