package io.streamscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.RemoteException;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.RecordingRemote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cuts against a node whose iptables chain is a list of rules: what is in it after a cut, a restore, a failure. */
class TrafficCutTest {
    private static final String IN = "-p tcp -d 10.0.0.2 --dport 9092 -j DROP";
    private static final String OUT = "-p tcp -s 10.0.0.2 --sport 9092 -j DROP";
    private static final Isolation PORTS_ONLY = Isolation.none("a test of the port rules");
    private final List<String> chain = new ArrayList<>();
    private String failing;

    private final RecordingRemote node = new RecordingRemote("n2", c -> {
        String prefix = "iptables -w ";
        if (c.startsWith("while " + prefix + "-D STREAMSCALE_FAULT ")) { // the loop removes every copy
            String rule =
                    c.substring(("while " + prefix + "-D STREAMSCALE_FAULT ").length(), c.indexOf(" 2>/dev/null"));
            chain.removeIf(rule::equals);
            return new ExecResult(0, "", "");
        }
        if (c.startsWith(prefix + "-A STREAMSCALE_FAULT ")) {
            String rule = c.substring((prefix + "-A STREAMSCALE_FAULT ").length());
            if (rule.equals(failing)) {
                return new ExecResult(4, "", "iptables: Resource temporarily unavailable.");
            }
            chain.add(rule);
            return new ExecResult(0, "", "");
        }
        if (c.startsWith(prefix + "-C STREAMSCALE_FAULT ")) {
            String rule = c.substring((prefix + "-C STREAMSCALE_FAULT ").length(), c.indexOf(" 2>/dev/null"));
            return new ExecResult(chain.contains(rule) ? 0 : 1, "", "");
        }
        return new ExecResult(0, "", "");
    });

    private final RunningDaemon broker = new RunningDaemon(
            new DaemonSpec(
                    "kafka-1",
                    ServiceKind.KAFKA,
                    "n2",
                    "10.0.0.2",
                    "/w",
                    List.of("java"),
                    Map.of(),
                    Map.of(),
                    List.of(),
                    List.of(new Endpoint("10.0.0.2", 9092, "kafka")),
                    null,
                    "m"),
            7,
            Instant.now());

    @Test
    void onlyTheDaemonsEndpointsAreCutInOurOwnChainCheckedThenRestoredExactly() {
        TrafficCut.apply(node, broker, PORTS_ONLY, true);
        assertTrue(node.commands.get(0).contains("iptables -w -I INPUT 1 -j STREAMSCALE_FAULT"), node.commands.get(0));
        assertEquals(List.of(IN, OUT), chain, "both directions of the daemon's port");
        assertTrue(
                node.commands.contains("iptables -w -C STREAMSCALE_FAULT " + IN + " 2>/dev/null"),
                "checked: " + node.commands);
        TrafficCut.apply(node, broker, PORTS_ONLY, false);
        assertEquals(List.of(), chain);
        assertTrue(
                node.commands.get(node.commands.size() - 1).startsWith("iptables -w -C "),
                "checked gone: " + node.commands);
    }

    @Test
    void aCutThatFailsHalfwayTakesBackTheRulesItAddedAndNamesTheNodeAndCommand() {
        failing = OUT;
        RemoteException e = assertThrows(RemoteException.class, () -> TrafficCut.apply(node, broker, PORTS_ONLY, true));
        assertTrue(
                e.getMessage().contains("n2") && e.getMessage().contains("-A STREAMSCALE_FAULT " + OUT),
                e.getMessage());
        assertEquals(List.of(), chain, "the first rule was removed again");
    }

    @Test
    void aRestoreRemovesEveryCopyOfARuleAndIsIdempotent() {
        TrafficCut.apply(node, broker, PORTS_ONLY, true);
        TrafficCut.apply(node, broker, PORTS_ONLY, true); // a strike applied twice: two copies of each rule
        assertEquals(4, chain.size());
        TrafficCut.apply(node, broker, PORTS_ONLY, false);
        TrafficCut.apply(node, broker, PORTS_ONLY, false);
        assertEquals(List.of(), chain);
    }

    @Test
    void aRuleThatStaysAfterItsRemovalIsAnError() {
        TrafficCut.apply(node, broker, PORTS_ONLY, true);
        RecordingRemote stuck = new RecordingRemote("n2", c -> new ExecResult(0, "", "")); // -C always finds it
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> TrafficCut.apply(stuck, broker, PORTS_ONLY, false));
        assertTrue(e.getMessage().startsWith("on n2: 2 rule(s) still in STREAMSCALE_FAULT"), e.getMessage());
    }

    private static RecordingRemote answering(String netClass, String addresses) {
        RecordingRemote r = new RecordingRemote(
                "n2",
                c -> c.contains("net_cls.classid")
                        ? new ExecResult(0, netClass + "\n", "")
                        : c.startsWith("ip route get") ? new ExecResult(0, addresses, "") : new ExecResult(0, "", ""));
        r.controlPort = 2222;
        return r;
    }

    @Test
    void aMachineOfItsOwnIsCutFromEachPeersAddressBothWaysButForItsSshd() {
        Isolation i = TrafficCut.isolation(
                answering(
                        "0",
                        "10.0.0.1 dev eth0 src 10.0.0.2 uid 0\n    cache\n10.0.0.3 dev eth0 src 10.0.0.2 uid 0\n    cache\n"),
                broker,
                "10.0.0.2",
                List.of("10.0.0.1", "10.0.0.3", "10.0.0.1"));
        assertEquals(
                List.of(
                        "-p tcp -s 10.0.0.1 -m multiport ! --ports 2222 -j DROP",
                        "-p tcp -d 10.0.0.1 -m multiport ! --ports 2222 -j DROP",
                        "-p tcp -s 10.0.0.3 -m multiport ! --ports 2222 -j DROP",
                        "-p tcp -d 10.0.0.3 -m multiport ! --ports 2222 -j DROP"),
                i.rules());
        assertEquals("node isolated from 10.0.0.1, 10.0.0.3 (by address)", i.how());
    }

    @Test
    void nodesSharingOneKernelAreToldApartByTheirNetClsClass() {
        RecordingRemote n2 = answering("1048578", "local 127.0.1.11 dev lo table local src 127.0.0.1 uid 0\n");
        Isolation i = TrafficCut.isolation(n2, broker, "127.0.1.12", List.of("127.0.1.11", "127.0.1.13"));
        assertEquals(
                List.of(
                        "-p tcp -m cgroup --cgroup 0x100002 ! -d 127.0.1.12 -m multiport ! --ports 2222 -j DROP",
                        "-p tcp -d 127.0.1.12 -m cgroup ! --cgroup 0x100002 -m multiport ! --ports 2222 -j DROP"),
                i.rules());
        assertTrue(n2.commands.get(0).contains("/proc/7/cgroup"), "the daemon's own class: " + n2.commands);
    }

    @Test
    void whereNothingTellsTheNodesApartOnlyThePortsAreCutAndItIsSaid() {
        Isolation oneMachine = TrafficCut.isolation(
                answering("0", "local 127.0.1.11 dev lo table local src 127.0.0.1 uid 0\n    cache <local>\n"),
                broker,
                "127.0.1.12",
                List.of("127.0.1.11"));
        assertEquals(List.of(), oneMachine.rules());
        assertEquals(
                "only the daemon's ports are cut: the other nodes' addresses are on n2 too (one machine) and no net_cls class"
                        + " sets its processes apart",
                oneMachine.how());
        Isolation local =
                TrafficCut.isolation(answering("0", ""), broker, "127.0.0.1", List.of("127.0.0.1", "127.0.0.1"));
        assertEquals("only the daemon's ports are cut: every node of the run has its address", local.how());
    }

    @Test
    void aNodeCutAddsItsIsolationToThePortRulesAndTheRestoreTakesBothBack() {
        Isolation i = Isolation.byAddress(List.of("10.0.0.1"), -1);
        TrafficCut.apply(node, broker, i, true);
        assertEquals(List.of(IN, OUT, "-p tcp -s 10.0.0.1 -j DROP", "-p tcp -d 10.0.0.1 -j DROP"), chain);
        TrafficCut.apply(node, broker, i, false);
        assertEquals(List.of(), chain);
    }
}
