package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import java.util.List;

/** Small helpers for check tests. */
final class CheckAssertions {
  private CheckAssertions() {}

  static List<CheckResult> run(Check check, CheckInput input) {
    return check.run(input);
  }

  static CheckResult only(Check check, CheckInput input) {
    List<CheckResult> results = check.run(input);
    if (results.size() != 1) {
      throw new AssertionError("expected one finding, got " + results);
    }
    return results.get(0);
  }

  static CheckResult forNode(List<CheckResult> results, int node) {
    return results.stream()
        .filter(r -> r.node() != null && r.node() == node)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding for node " + node + " in " + results));
  }

  static List<Status> statuses(List<CheckResult> results) {
    return results.stream().map(CheckResult::status).toList();
  }
}
