package io.chronik.cli.doctor;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Finding;
import io.chronik.diagnostics.NodeRow;
import io.chronik.diagnostics.Playbooks;
import io.chronik.diagnostics.Report;
import io.chronik.diagnostics.Selection;
import java.io.PrintWriter;
import java.util.List;

/**
 * The report for a person: findings grouped by playbook, worst first, each with its status, id,
 * summary, details, remedy and code; the checks skipped; the nodes; the one-line verdict last.
 */
final class TextReport {
  private static final String INDENT = "          ";

  private final PrintWriter out;

  TextReport(PrintWriter out) {
    this.out = out;
  }

  void print(Report report, String admin) {
    long reachable = report.nodes().stream().filter(NodeRow::reachable).count();
    out.println(
        "chronik doctor "
            + String.join(
                ", ",
                report.playbooks().size() == Playbooks.names().size()
                    ? List.of(Selection.ALL)
                    : report.playbooks())
            + " via "
            + admin
            + ": "
            + reachable
            + " of "
            + report.nodes().size()
            + (report.nodes().size() == 1 ? " node answered" : " nodes answered"));
    int idWidth =
        report.findings().stream().mapToInt(f -> f.result().id().length()).max().orElse(10);
    String playbook = null;
    for (Finding finding : report.findings()) {
      if (!finding.playbook().equals(playbook)) {
        playbook = finding.playbook();
        out.println();
        out.println(
            playbook + ": " + Playbooks.find(playbook).map(p -> p.title()).orElse(playbook));
      }
      print(finding.result(), idWidth);
    }
    if (!report.skipped().isEmpty()) {
      out.println();
      for (Selection.Skipped s : report.skipped()) {
        out.println("skipped: " + s.id() + " (" + s.reason() + ")");
      }
    }
    out.println();
    out.println("nodes:");
    for (NodeRow node : report.nodes()) {
      String name = node.nodeId() == null ? "node ?" : "node " + node.nodeId();
      String address = node.admin().isEmpty() ? "(no address)" : node.admin();
      String state =
          !node.reachable()
              ? "unreachable: " + node.error()
              : node.error().isEmpty() ? "answered" : "answered in part: " + node.error();
      out.println("  " + pad(name, 8) + " " + pad(address, 22) + " " + state);
    }
    out.println();
    out.println(report.verdictLine());
  }

  private void print(CheckResult r, int idWidth) {
    out.println("  " + pad(r.status().name(), 7) + " " + pad(r.id(), idWidth) + "  " + r.summary());
    for (String line : r.details().lines().toList()) {
      out.println(INDENT + line);
    }
    if (!r.remedy().isEmpty()) {
      out.println(INDENT + "remedy: " + r.remedy());
    }
    if (!r.code().isEmpty()) {
      out.println(INDENT + "code: " + r.code() + " (chronik explain " + r.code() + ")");
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
