package io.streamscale.service;

/** The daemons streamscale deploys, in start order. */
public enum ServiceKind {
    ZOOKEEPER("zookeeper"), KAFKA("kafka"), SPARK_MASTER("spark-master"), SPARK_WORKER("spark-worker");

    private final String label;

    ServiceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
