package io.streamscale.service;

/** What streamscale runs, in start order; teardown goes in reverse (load first, ZooKeeper last). */
public enum ServiceKind {
    ZOOKEEPER,
    KAFKA,
    SPARK_MASTER,
    SPARK_WORKER,
    FLINK_JOBMANAGER,
    FLINK_TASKMANAGER,
    /** The streaming job's driver. */
    SCORER,
    /** A node's load generator. */
    GENERATOR,
    /** A one-off job on the orchestrator's machine (the trainer). */
    JOB
}
