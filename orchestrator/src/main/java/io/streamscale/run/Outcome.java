package io.streamscale.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.Json;
import io.streamscale.results.RunStatus;

/** What became of a run: its status, why (null when complete), and its summary.json. */
public record Outcome(RunStatus status, String reason, ObjectNode summary) {
    /** Preflight refused the nodes: the same nodes (or the same site) would refuse the next run too. */
    public boolean refusedByPreflight() {
        return "preflight".equals(summary.path("notStarted").asText());
    }

    /** Nothing ran: no daemon was started, so there is nothing to analyse or report. */
    public boolean notStarted() {
        return summary.has("notStarted");
    }

    /**
     * The summary of a run that started no daemon: nothing to read, so no analysis (on no node) is made.
     *
     * @param by what kept it from starting: preflight, setup or interrupted
     */
    static ObjectNode notStarted(RunStatus status, String reason, String by) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("status", status.toString()).put("incomplete", true).put("notStarted", by);
        s.put(
                "summaryError",
                "not analysed: the run started nothing ("
                        + (reason == null ? by : reason.lines().findFirst().orElse(by)) + ")");
        return s;
    }
}
