package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code recovery.plan}: for the situation found (nodes down, quorum lost, nodes not ready, groups
 * without a leader), the exact sequence of steps: {@code chronik} commands where this build has
 * one, manual steps otherwise. CRIT when nothing answered or a group lost its quorum, WARN for the
 * other situations, OK when there is nothing to recover from.
 */
public final class RecoveryPlanCheck implements Check {
  public static final String ID = "recovery.plan";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "What to do, step by step, to recover";
  }

  @Override
  public String description() {
    return "Looks at what the other checks see (nodes down, groups that lost their quorum,"
        + " nodes not ready, groups without a leader) and prints the steps in order: the"
        + " replicas that restore the most groups first, each with the chronik standalone"
        + " command that restarts it (its node id and ports filled in; the data dir is a shell"
        + " variable to set, since doctor cannot know it); when a quorum is lost, the chronik"
        + " snapshot restore command of every node for the case that a majority lost its data,"
        + " with the snapshot store the nodes report in /v1/snapshots and the cluster id"
        + " (without a store, a manual step); manual steps for what no chronik command does;"
        + " and a final chronik doctor --watch --exit-when-healthy. CRIT when"
        + " nothing answered or a quorum is lost, WARN otherwise, OK when there is nothing to"
        + " do.";
  }

  @Override
  public String remedy() {
    return "Follow the steps in order; rerun chronik doctor recovery after each node comes"
        + " back, since the plan follows what it finds.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    RecoveryPlan plan = RecoveryPlan.of(input.snapshot());
    if (plan.nothingToDo()) {
      return List.of(CheckResult.ok(ID, "nothing to recover: every node answered", ""));
    }
    boolean critical = plan.nothingAnswered() || plan.quorumLost();
    List<String> lines = new ArrayList<>(plan.situation());
    lines.add("steps:");
    int n = 1;
    for (RecoveryStep step : plan.steps()) {
      lines.add("  " + n++ + ". " + step.render());
    }
    return List.of(
        new CheckResult(
            ID,
            critical ? Status.CRIT : Status.WARN,
            Text.count(plan.steps().size(), "step", "steps")
                + " to recover: "
                + plan.situation().get(0),
            String.join("\n", lines),
            "follow the steps in order and run chronik doctor recovery again after each node"
                + " comes back",
            plan.nothingAnswered()
                ? ErrorCatalogue.ADMIN_UNREACHABLE
                : plan.quorumLost() ? ErrorCatalogue.QUORUM_LOST : "",
            null));
  }
}
