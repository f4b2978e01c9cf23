package io.streamscale.cluster;

import io.streamscale.service.KafkaMode;
import io.streamscale.service.KafkaService;
import io.streamscale.service.ServiceContext;
import io.streamscale.service.SparkService;
import io.streamscale.service.ZooKeeperService;
import java.util.List;

/** Where users and jobs reach the cluster. */
public record ClusterEndpoints(
        String bootstrapServers,
        String zookeeperConnect,
        String sparkMasterUrl,
        String sparkMasterWebUi,
        List<String> sparkWorkerWebUis) {
    public static ClusterEndpoints of(ServiceContext ctx) {
        return new ClusterEndpoints(
                KafkaService.bootstrapServers(ctx),
                ctx.spec().kafkaMode() == KafkaMode.ZOOKEEPER ? ZooKeeperService.connectString(ctx, null) : null,
                SparkService.masterUrl(ctx),
                SparkService.masterWebUi(ctx),
                SparkService.workerWebUis(ctx));
    }
}
