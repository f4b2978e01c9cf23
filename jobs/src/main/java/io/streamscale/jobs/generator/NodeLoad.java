package io.streamscale.jobs.generator;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * A node's load as generator instances grouped by pacer: instance k of P sends at rate/P from {@code start + k/rate},
 * so the node's messages are evenly spaced at {@code rate}; instance k uses producer {@code k mod N} and is paced by that
 * producer's thread, in increasing k (due order within a round).
 */
final class NodeLoad {
    private NodeLoad() {
    }

    /**
     * @param producers        the shared producers, one pacer each
     * @param startEpochMicros wall-clock time of {@code startNanos}
     * @return per producer, its instances in due order
     */
    static List<List<GeneratorInstance>> plan(int instances, double rate, long messages, int firstId, String node,
                                              List<? extends Producer<byte[], byte[]>> producers, String topic,
                                              long startNanos, long startEpochMicros, IdPool users, IdPool movies) {
        double perInstance = LoadSplit.ratePerPart(rate, instances);
        List<List<GeneratorInstance>> byPacer = new ArrayList<>();
        for (int p = 0; p < producers.size(); p++) {
            byPacer.add(new ArrayList<>());
        }
        for (int k = 0; k < instances; k++) {
            long phaseNanos = Math.round(k * 1e9 / rate);
            byPacer.get(k % producers.size()).add(new GeneratorInstance(firstId + k, node, producers.get(k % producers.size()),
                    topic, new Schedule(startNanos + phaseNanos, perInstance), startEpochMicros + phaseNanos / 1000,
                    LoadSplit.messagesForPart(messages, instances, k), users, movies));
        }
        return byPacer;
    }
}
