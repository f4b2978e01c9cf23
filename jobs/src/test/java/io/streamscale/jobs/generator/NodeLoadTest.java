package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lean generator's schedule, with recording outboxes of our own: which instance sends what, through which shared
 * producer, when it was meant to go. (PipelineIT checks the same schedule on what a real broker and Spark received.)
 */
class NodeLoadTest {
    private static final Pattern MESSAGE =
            Pattern.compile("\"timestamp\":(\\d+),\"generatorId\":(\\d+),\"seq\":(\\d+)");

    @Test
    void sevenInstancesOverTwoProducersSendTheNodesMessagesEvenlySpacedEachInstanceInOrder() throws Exception {
        // 2000 msg/s over 7 instances: 100 messages in 50 ms, message j of the node intended at j * 500 us
        List<long[]> sent = sendAll(new Schedule(System.nanoTime() + 20_000_000, 2000), 100);
        for (int j = 0; j < 100; j++) {
            long[] s = sent.get(j);
            assertEquals(START_MICROS + j * 500L, s[0], "message " + j + " of the node is intended at j/rate");
            assertEquals(10 + j % 7, s[1], "message " + j + " is instance " + (j % 7) + "'s");
            assertEquals(j / 7, s[2], "and its seq");
        }
    }

    @Test
    void aRampedScheduleIsSharedTheSameWayAndEachSummaryCarriesItsShare() throws Exception {
        // 0 -> 2000 msg/s over 40 ms (40 messages), then every 500 us: 100 messages in 70 ms
        Schedule schedule = new Schedule(System.nanoTime() + 20_000_000, 2000, 40_000_000);
        List<long[]> sent = sendAll(schedule, 100);
        for (int j = 0; j < 100; j++) {
            assertEquals(START_MICROS + schedule.offsetNanos(j) / 1000, sent.get(j)[0], "message " + j);
            assertEquals(10 + j % 7, sent.get(j)[1]);
        }
        assertEquals(START_MICROS + 20_000, sent.get(10)[0], "a quarter of the ramp's messages by half its time");
        assertEquals(
                START_MICROS + 70_000, sent.get(99)[0] + 500, "after the ramp, one every 500 us: the 100th at 69.5 ms");
    }

    private static final long START_MICROS = 1_700_000_000_000_000L;

    /** Seven instances (ids 10-16) over two recording producers; the node's messages sorted by intended time. */
    private List<long[]> sendAll(Schedule schedule, long messages) throws Exception {
        List<List<byte[]>> sentBy = List.of(new ArrayList<>(), new ArrayList<>());
        List<Outbox> outboxes = new ArrayList<>();
        for (List<byte[]> box : sentBy) {
            outboxes.add((value, onAck) -> { // each outbox has one pacer thread; acknowledged at once
                box.add(value);
                onAck.onCompletion(null, null);
            });
        }
        IdPool ids = IdPool.uniform(new int[] {1, 2, 3});
        List<List<GeneratorInstance>> plan =
                NodeLoad.plan(7, schedule, messages, 10, "n1", outboxes, START_MICROS, ids, ids);
        assertEquals(
                List.of(4, 3), plan.stream().map(List::size).toList(), "instances 0,2,4,6 on producer 0; 1,3,5 on 1");
        List<Thread> pacers = new ArrayList<>();
        for (List<GeneratorInstance> mine : plan) {
            Thread t = new Thread(new Pacer(mine, () -> false));
            t.start();
            pacers.add(t);
        }
        for (Thread t : pacers) {
            t.join(30_000);
        }
        List<long[]> sent = new ArrayList<>(); // (intended micros, generatorId, seq)
        for (int p = 0; p < 2; p++) {
            long lastIntended = -1;
            for (byte[] value : sentBy.get(p)) {
                Matcher m = MESSAGE.matcher(new String(value, StandardCharsets.US_ASCII));
                assertTrue(m.find());
                long intended = Long.parseLong(m.group(1));
                assertTrue(intended > lastIntended, "each pacer sends in due order");
                lastIntended = intended;
                int g = Integer.parseInt(m.group(2));
                assertEquals(p, (g - 10) % 2, "generator " + g + " sends through producer " + p);
                sent.add(new long[] {intended, g, Long.parseLong(m.group(3))});
            }
        }
        assertEquals(messages, sent.size());
        sent.sort(Comparator.comparingLong(s -> s[0]));
        for (List<GeneratorInstance> mine : plan) {
            for (GeneratorInstance g : mine) {
                GeneratorSummary s = g.summary();
                assertEquals(s.planned(), s.sent());
                assertEquals(s.sent(), s.acked(), "every send acknowledged");
                assertEquals(List.of(new SeqRange(0, s.sent() - 1)), s.ackedRanges(), "no failure: one range");
                assertEquals(2000.0 / 7, s.ratePerSecond(), 1e-9);
                assertEquals(s.generatorId() < 12 ? 15 : 14, s.planned(), "100 over 7: the first two get one more");
                assertEquals(
                        new GeneratorSummary.Share(
                                START_MICROS, 2000, schedule.rampNanos() / 1000, 0, s.generatorId() - 10, 7),
                        s.share());
                assertEquals(
                        START_MICROS + schedule.offsetNanos(s.generatorId() - 10) / 1000,
                        s.startEpochMicros(),
                        "its first message's intended time");
            }
        }
        return sent;
    }
}
