package io.streamscale.jobs.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's load as generator instances grouped by pacer: instance k of P sends at rate/P from {@code start + k/rate},
 * so the node's messages are evenly spaced at {@code rate}; instance k sends through outbox {@code k mod N} (a shared
 * producer) and is paced by that outbox's thread, in increasing k (due order within a round).
 */
final class NodeLoad {
    private NodeLoad() {
    }

    /**
     * @param outboxes         the shared producers, one pacer each
     * @param startEpochMicros wall-clock time of {@code startNanos}
     * @return per producer, its instances in due order
     */
    static List<List<GeneratorInstance>> plan(int instances, double rate, long messages, int firstId, String node,
                                              List<Outbox> outboxes,
                                              long startNanos, long startEpochMicros, IdPool users, IdPool movies) {
        double perInstance = LoadSplit.ratePerPart(rate, instances);
        List<List<GeneratorInstance>> byPacer = new ArrayList<>();
        for (int p = 0; p < outboxes.size(); p++) {
            byPacer.add(new ArrayList<>());
        }
        for (int k = 0; k < instances; k++) {
            long phaseNanos = Math.round(k * 1e9 / rate);
            byPacer.get(k % outboxes.size()).add(new GeneratorInstance(firstId + k, node, outboxes.get(k % outboxes.size()),
                    new Schedule(startNanos + phaseNanos, perInstance), startEpochMicros + phaseNanos / 1000,
                    LoadSplit.messagesForPart(messages, instances, k), users, movies));
        }
        return byPacer;
    }
}
