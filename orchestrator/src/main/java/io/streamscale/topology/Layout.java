package io.streamscale.topology;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The default role layout, as in the seed system: the first {@code kafka} hosts run brokers, ZooKeeper runs on the first
 * {@code zookeeper} of them, the next {@code spark} hosts run Spark workers (the master and the streaming driver share
 * the first Spark host, or with {@code ownMaster} get a host of their own before the workers), and the last
 * {@code generators} hosts run the load generators.
 */
public final class Layout {
    /** First octets of local mode's loopback aliases: node i is 127.0.0.(10+i). */
    public static final String LOCAL_PREFIX = "127.0.0.";

    private Layout() {}

    /** One host to place roles on. */
    public record Host(String name, String address) {}

    public static int nodesNeeded(int kafka, int spark, int generators) {
        return nodesNeeded(kafka, spark, generators, false);
    }

    public static int nodesNeeded(int kafka, int spark, int generators, boolean ownMaster) {
        return kafka + spark + generators + (ownMaster ? 1 : 0);
    }

    /** Local mode's hosts: n1.. on loopback aliases 127.0.0.11.., so configs have the same shape as on a cluster. */
    public static List<Host> localHosts(int count) {
        if (count > 240) {
            throw new IllegalArgumentException("local mode has room for 240 nodes, " + count + " were asked for");
        }
        List<Host> hosts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            hosts.add(new Host("n" + i, LOCAL_PREFIX + (10 + i)));
        }
        return hosts;
    }

    public static Topology assign(List<Host> hosts, int kafka, int spark, int zookeeper) {
        return assign(hosts, kafka, spark, zookeeper, 0);
    }

    public static Topology assign(List<Host> hosts, int kafka, int spark, int zookeeper, int generators) {
        return assign(hosts, kafka, spark, zookeeper, generators, false);
    }

    public static Topology assign(
            List<Host> hosts, int kafka, int spark, int zookeeper, int generators, boolean ownMaster) {
        if (kafka < 1 || spark < 1) {
            throw new IllegalArgumentException(
                    "at least 1 Kafka node and 1 Spark node are needed (got kafka=" + kafka + ", spark=" + spark + ")");
        }
        if (zookeeper < 0 || zookeeper > kafka) {
            throw new IllegalArgumentException("ZooKeeper runs on the Kafka nodes: between 0 and " + kafka
                    + " ZooKeeper nodes are possible, " + zookeeper + " were asked for");
        }
        if (generators < 0) {
            throw new IllegalArgumentException("generator nodes cannot be negative: " + generators);
        }
        int needed = nodesNeeded(kafka, spark, generators, ownMaster);
        int sparkNodes = spark + (ownMaster ? 1 : 0);
        if (hosts.size() < needed) {
            throw new IllegalArgumentException(kafka + " Kafka + " + spark + " Spark + " + generators
                    + " generator nodes" + (ownMaster ? " + 1 for the Spark master" : "") + " need " + needed
                    + " hosts, only " + hosts.size() + " are available: "
                    + hosts.stream().map(Host::name).toList());
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < needed; i++) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            if (i < kafka) {
                roles.add(Role.KAFKA);
                if (i < zookeeper) {
                    roles.add(Role.ZOOKEEPER);
                }
            } else if (i >= kafka + sparkNodes) {
                roles.add(Role.GENERATOR);
            } else if (i == kafka) {
                roles.add(Role.SPARK_MASTER);
                if (!ownMaster) {
                    roles.add(Role.SPARK_WORKER);
                }
            } else {
                roles.add(Role.SPARK_WORKER);
            }
            nodes.add(new Node(hosts.get(i).name(), hosts.get(i).address(), roles));
        }
        return new Topology(nodes);
    }
}
