package io.streamscale.service;

/** What streamscale runs, in start order; teardown goes in reverse (load first, ZooKeeper last). */
public enum ServiceKind {
    ZOOKEEPER("zookeeper"), KAFKA("kafka"), SPARK_MASTER("spark-master"), SPARK_WORKER("spark-worker"),
    /** The streaming job's driver. */
    SCORER("scorer"),
    /** A node's load generator. */
    GENERATOR("generator"),
    /** A one-off job on the orchestrator's machine (trainer, summarizer). */
    JOB("job");

    private final String label;

    ServiceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
