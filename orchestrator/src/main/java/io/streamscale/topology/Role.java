package io.streamscale.topology;

/** What a node does in the deployment. */
public enum Role {
    ZOOKEEPER,
    KAFKA,
    SPARK_MASTER,
    SPARK_WORKER,
    GENERATOR
}
