package io.streamscale.jobs.scorer;

import static org.apache.spark.sql.functions.udf;

import io.streamscale.jobs.node.NodeName;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.types.DataTypes;

/**
 * The node a row was scored on, as the orchestrator names it: the analysis corrects the row's latencies by that node's
 * clock offset. Spark's daemons carry {@value #ENV} (executors inherit their worker's environment); without it, the
 * address Spark binds ({@code SPARK_LOCAL_IP}), else the host name. Evaluated in the task, like {@link WallClock}.
 */
final class ScoringNode {
    static final String ENV = NodeName.ENV;

    private ScoringNode() {}

    /** Read once per JVM (an executor's class loading): the UDF runs per row, on the scoring path. */
    private static final String HERE = here();

    static Column name() {
        UDF0<String> here = () -> HERE;
        return udf(here, DataTypes.StringType).asNondeterministic().apply();
    }

    static String here() {
        return NodeName.here("SPARK_LOCAL_IP");
    }
}
