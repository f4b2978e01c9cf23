package io.streamscale.fault;

import io.streamscale.service.ServiceKind;
import java.util.Arrays;
import java.util.List;

/** Which daemons a fault can hit. */
public enum FaultTarget {
    KAFKA("kafka", ServiceKind.KAFKA),
    SPARK_WORKER("spark-worker", ServiceKind.SPARK_WORKER),
    SPARK_DRIVER("spark-driver", ServiceKind.SCORER),
    ZOOKEEPER("zookeeper", ServiceKind.ZOOKEEPER);

    private final String yaml;
    private final ServiceKind kind;

    FaultTarget(String yaml, ServiceKind kind) {
        this.yaml = yaml;
        this.kind = kind;
    }

    public String yaml() {
        return yaml;
    }

    public ServiceKind kind() {
        return kind;
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
