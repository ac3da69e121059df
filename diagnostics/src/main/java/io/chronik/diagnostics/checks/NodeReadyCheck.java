package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code node.ready}: every node serves Kafka requests ({@code GET /ready} is 200). */
public final class NodeReadyCheck implements Check {
  public static final String ID = "node.ready";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node serves Kafka requests";
  }

  @Override
  public String description() {
    return "Reads /ready of each node: 200 once the node has a leader for the metadata group"
        + " and every local partition and serves Kafka requests, 503 with the reason before"
        + " that and during shutdown. OK when ready, CRIT when not (with the node's reason),"
        + " UNKNOWN when /ready did not answer.";
  }

  @Override
  public String remedy() {
    return "A starting node becomes ready by itself: wait with chronik doctor --watch"
        + " --exit-when-healthy. If it stays not ready, chronik doctor election shows the groups"
        + " without a leader.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.readiness().ok()) {
        results.add(NodeFindings.unknown(ID, node, "/ready", node.readiness()));
        continue;
      }
      Readiness ready = node.readiness().get();
      String uptime =
          node.info().ok() ? "up " + human(Duration.ofMillis(node.info().get().uptimeMs())) : "";
      if (ready.ready()) {
        results.add(
            new CheckResult(
                ID, Status.OK, node.label() + " is ready", uptime, "", "", node.idOrNull()));
      } else {
        results.add(
            new CheckResult(
                ID,
                Status.CRIT,
                node.label() + " is not ready: " + ready.reason(),
                "/ready answered 503: " + ready.reason() + (uptime.isEmpty() ? "" : "; " + uptime),
                "a starting node becomes ready by itself: chronik doctor --watch"
                    + " --exit-when-healthy waits for it; if it stays not ready, run chronik"
                    + " doctor election",
                ErrorCatalogue.NOT_READY,
                node.idOrNull()));
      }
    }
    return results;
  }

  static String human(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
    return d.toSeconds() + "s";
  }
}
