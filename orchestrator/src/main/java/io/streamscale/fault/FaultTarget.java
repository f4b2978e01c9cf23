package io.streamscale.fault;

import io.streamscale.service.ServiceKind;
import java.util.Arrays;
import java.util.List;

/** Which daemons a fault can hit. */
public enum FaultTarget {
    KAFKA("kafka", ServiceKind.KAFKA),
    SPARK_WORKER("spark-worker", ServiceKind.SPARK_WORKER),
    SPARK_DRIVER("spark-driver", ServiceKind.SCORER),
    ZOOKEEPER("zookeeper", ServiceKind.ZOOKEEPER),
    FLINK_TASKMANAGER("flink-taskmanager", ServiceKind.FLINK_TASKMANAGER),
    FLINK_JOBMANAGER("flink-jobmanager", ServiceKind.FLINK_JOBMANAGER),
    /** The engine's daemon on a compute node, whichever engine runs: a Spark worker or a Flink TaskManager. */
    WORKER("worker", ServiceKind.SPARK_WORKER, ServiceKind.FLINK_TASKMANAGER);

    private final String yaml;
    private final List<ServiceKind> kinds;

    FaultTarget(String yaml, ServiceKind... kinds) {
        this.yaml = yaml;
        this.kinds = List.of(kinds);
    }

    public String yaml() {
        return yaml;
    }

    /** Whether this target names a daemon of {@code kind}. */
    public boolean hits(ServiceKind kind) {
        return kinds.contains(kind);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(FaultTarget::yaml).toList();
    }

    public static FaultTarget parse(String s) {
        return Arrays.stream(values())
                .filter(t -> t.yaml.equals(s))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + s + "' is not a fault target: one of " + String.join(", ", names())));
    }
}
