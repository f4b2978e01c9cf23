package io.streamscale.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The faults of a run as a timeline: every strike and every heal, in time order (a heal first when they coincide). */
public final class FaultSchedule {
    private FaultSchedule() {}

    /**
     * @param warmup     the warm-up, for faults timed after it
     * @param loadLength how long the load runs (warm-up included): strikes start before it ends; their heals may fall
     *                   after it (during the drain), and what is still unhealed at the end gets the final heal
     */
    public static List<FaultEvent> of(List<FaultSpec> faults, Duration warmup, Duration loadLength) {
        List<FaultEvent> events = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            FaultSpec f = faults.get(i);
            Duration t = f.firstAt(warmup);
            for (int occurrence = 0; t.compareTo(loadLength) < 0; occurrence++) {
                events.add(new FaultEvent(i, occurrence, t, FaultEvent.Phase.INJECT));
                if (f.healAfter() != null) {
                    events.add(new FaultEvent(i, occurrence, t.plus(f.healAfter()), FaultEvent.Phase.HEAL));
                }
                if (f.every() == null) {
                    break;
                }
                t = t.plus(f.every());
            }
        }
        events.sort(Comparator.comparing(FaultEvent::at).thenComparing(e -> e.phase() == FaultEvent.Phase.INJECT));
        return events;
    }
}
