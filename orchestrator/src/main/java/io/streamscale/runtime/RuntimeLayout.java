package io.streamscale.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where each component's classpath lives, as seen from the nodes. By default the bundle the build assembles
 * ({@code target/runtime}: {@code zookeeper/lib}, {@code kafka/lib}, {@code spark/jars}, {@code flink/lib},
 * {@code jobs}); an existing
 * Kafka home ({@code libs/}) or Spark home ({@code jars/}) can replace the bundled ones.
 *
 * @param runtimeDir the bundle directory
 * @param kafkaHome  an existing Kafka installation to use instead of the bundled broker, or null
 * @param sparkHome  an existing Spark installation to use instead of the bundled SPARK_HOME, or null
 * @param javaHome   the JDK the daemons run on (on every node)
 */
public record RuntimeLayout(String runtimeDir, String kafkaHome, String sparkHome, String javaHome) {

    /** The bundle in {@code home}/target/runtime unless STREAMSCALE_RUNTIME says otherwise; this JVM's java. */
    public static RuntimeLayout defaults(Path home) {
        String env = System.getenv("STREAMSCALE_RUNTIME");
        Path dir = env != null && !env.isBlank() ? Path.of(env) : home.resolve("target/runtime");
        return new RuntimeLayout(
                dir.toAbsolutePath().normalize().toString(), null, null, System.getProperty("java.home"));
    }

    public RuntimeLayout withInstallations(String kafkaHome, String sparkHome, String javaHome) {
        return new RuntimeLayout(
                runtimeDir,
                kafkaHome != null ? kafkaHome : this.kafkaHome,
                sparkHome != null ? sparkHome : this.sparkHome,
                javaHome != null ? javaHome : this.javaHome);
    }

    public String java() {
        return javaHome + "/bin/java";
    }

    public String zookeeperClasspath() {
        return runtimeDir + "/zookeeper/lib/*";
    }

    public String kafkaClasspath() {
        return kafkaHome != null ? kafkaHome + "/libs/*" : runtimeDir + "/kafka/lib/*";
    }

    public String sparkHomeDir() {
        return sparkHome != null ? sparkHome : runtimeDir + "/spark";
    }

    public String sparkClasspath() {
        return sparkHomeDir() + "/jars/*";
    }

    /** Flink's lib/ without flink-dist: JobManager, TaskManagers and the scorer's client run on it. */
    public String flinkClasspath() {
        return runtimeDir + "/flink/lib/*";
    }

    /** What the Flink scorer's client runs on: Flink's jars, the jobs' own extras, the jobs jar (which it ships). */
    public String flinkJobClasspath() {
        return flinkClasspath() + ":" + runtimeDir + "/jobs/lib/*:" + jobsJar();
    }

    public String jobsJar() {
        return runtimeDir + "/jobs/streamscale-jobs.jar";
    }

    /** What the jobs (generator, trainer, scorer) run on: Spark's jars, the jobs' own extras, the jobs jar. */
    public String jobsClasspath() {
        return sparkClasspath() + ":" + runtimeDir + "/jobs/lib/*:" + jobsJar();
    }

    /**
     * Checks, on this machine, that the classpaths exist (local mode and shared filesystems see the same paths).
     *
     * @throws IllegalStateException naming the missing directory and how to build it
     */
    public void verifyLocally() {
        for (String cp : new String[] {zookeeperClasspath(), kafkaClasspath(), sparkClasspath(), flinkClasspath()}) {
            Path dir = Path.of(cp.substring(0, cp.length() - 2));
            try (var files = Files.list(dir)) {
                if (files.noneMatch(f -> f.toString().endsWith(".jar"))) {
                    throw new IllegalStateException("no jars in " + dir);
                }
            } catch (IOException | IllegalStateException e) {
                throw new IllegalStateException(
                        "runtime bundle incomplete: " + dir + " has no jars; build it with"
                                + " `./mvnw -DskipTests package` (or point STREAMSCALE_RUNTIME at a built bundle)",
                        e);
            }
        }
    }
}
