package io.streamscale.jobs.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's load as generator instances grouped by pacer: the node's messages follow one {@link Schedule} (evenly spaced
 * at {@code rate}, after an optional ramp) and instance k of P sends messages k, k + P, ...; instance k sends through
 * outbox {@code k mod N} (a shared producer) and is paced by that outbox's thread, in increasing k (due order within a
 * round).
 */
final class NodeLoad {
    private NodeLoad() {}

    /**
     * @param outboxes         the shared producers, one pacer each
     * @param startEpochMicros wall-clock time of {@code schedule.startNanos()}
     * @return per producer, its instances in due order
     */
    static List<List<GeneratorInstance>> plan(
            int instances,
            Schedule schedule,
            long messages,
            int firstId,
            String node,
            List<Outbox> outboxes,
            long startEpochMicros,
            IdPool users,
            IdPool movies) {
        LoadSplit.ratePerPart(schedule.ratePerSecond(), instances); // checks the count
        List<List<GeneratorInstance>> byPacer = new ArrayList<>();
        for (int p = 0; p < outboxes.size(); p++) {
            byPacer.add(new ArrayList<>());
        }
        for (int k = 0; k < instances; k++) {
            byPacer.get(k % outboxes.size())
                    .add(new GeneratorInstance(
                            firstId + k,
                            node,
                            outboxes.get(k % outboxes.size()),
                            schedule,
                            k,
                            instances,
                            startEpochMicros,
                            LoadSplit.messagesForPart(messages, instances, k),
                            users,
                            movies));
        }
        return byPacer;
    }
}
