package io.chronik.diagnostics;

import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link Report}, {@code chronik doctor -o json}: a stable interface. Every
 * field is always present; strings are empty rather than absent, and a number that does not apply
 * is null. {@link #FIELDS} documents each field, and the troubleshooting guide prints it.
 *
 * @param verdict {@code OK}, {@code WARNING}, {@code CRITICAL} or {@code UNKNOWN}
 * @param exitCode the exit code: 0, 1, 2 or 3
 * @param counts findings per status
 * @param checks the findings, worst first
 * @param nodes every node the probe knows of
 * @param skipped checks that did not run
 */
public record ReportJson(
    String verdict,
    int exitCode,
    Counts counts,
    List<CheckJson> checks,
    List<NodeJson> nodes,
    List<SkippedJson> skipped) {

  /**
   * Findings per status.
   *
   * @param ok OK findings
   * @param warn WARN findings
   * @param crit CRIT findings
   * @param unknown UNKNOWN findings
   */
  public record Counts(long ok, long warn, long crit, long unknown) {}

  /**
   * A finding.
   *
   * @param id the check id
   * @param playbook the playbook it is reported under
   * @param status {@code OK}, {@code WARN}, {@code CRIT} or {@code UNKNOWN}
   * @param summary one line
   * @param details the evidence; may hold line breaks; empty when none
   * @param remedy what to do; empty when nothing
   * @param code the {@code CHR-xxxx} code that explains it; empty when none
   * @param node the node id it is about; null when it is about the cluster
   */
  public record CheckJson(
      String id,
      String playbook,
      String status,
      String summary,
      String details,
      String remedy,
      String code,
      Integer node) {}

  /**
   * A node.
   *
   * @param nodeId the node id; null when unknown
   * @param admin the admin address asked; empty when the node never registered one
   * @param reachable whether its admin API answered at least in part
   * @param error what failed; empty when everything answered
   */
  public record NodeJson(Integer nodeId, String admin, boolean reachable, String error) {}

  /**
   * A check that did not run.
   *
   * @param id the check id
   * @param playbook the playbook it belongs to
   * @param reason why it did not run
   */
  public record SkippedJson(String id, String playbook, String reason) {}

  /** Every field, as {@code path → meaning}, in document order. */
  public static final Map<String, String> FIELDS =
      orderedMap(
          "verdict",
          "string: OK, WARNING, CRITICAL or UNKNOWN; the worst status of the findings (CRIT >"
              + " UNKNOWN > WARN > OK)",
          "exitCode",
          "number: the exit code, 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN",
          "counts.ok",
          "number: findings with status OK",
          "counts.warn",
          "number: findings with status WARN",
          "counts.crit",
          "number: findings with status CRIT",
          "counts.unknown",
          "number: findings with status UNKNOWN",
          "checks[].id",
          "string: the check id, for example raft.quorum",
          "checks[].playbook",
          "string: the playbook the finding is reported under",
          "checks[].status",
          "string: OK, WARN, CRIT or UNKNOWN",
          "checks[].summary",
          "string: one line for a person",
          "checks[].details",
          "string: the evidence (values, limits, groups, nodes); may hold line breaks; empty when"
              + " none",
          "checks[].remedy",
          "string: what to do; empty when nothing",
          "checks[].code",
          "string: the CHR-xxxx code explaining the finding (chronik explain CODE); empty when"
              + " none",
          "checks[].node",
          "number or null: the node the finding is about; null when it is about the cluster",
          "nodes[].nodeId",
          "number or null: the node id; null when the node did not say and the cluster is not"
              + " known",
          "nodes[].admin",
          "string: the admin address asked, HOST:PORT; empty when the node never registered one",
          "nodes[].reachable",
          "boolean: whether its admin API answered at least in part",
          "nodes[].error",
          "string: what failed, one line; empty when everything answered",
          "skipped[].id",
          "string: a check that did not run",
          "skipped[].playbook",
          "string: the playbook it belongs to",
          "skipped[].reason",
          "string: why it did not run (a local check without --data-dir)");

  /** The JSON form of the report; findings worst first. */
  public static ReportJson of(Report report) {
    Map<Status, Long> counts = report.counts();
    return new ReportJson(
        report.verdict().verdict(),
        report.exitCode(),
        new Counts(
            counts.get(Status.OK),
            counts.get(Status.WARN),
            counts.get(Status.CRIT),
            counts.get(Status.UNKNOWN)),
        report.worstFirst().stream()
            .map(
                f ->
                    new CheckJson(
                        f.result().id(),
                        f.playbook(),
                        f.result().status().name(),
                        f.result().summary(),
                        f.result().details(),
                        f.result().remedy(),
                        f.result().code(),
                        f.result().node()))
            .toList(),
        report.nodes().stream()
            .map(n -> new NodeJson(n.nodeId(), n.admin(), n.reachable(), n.error()))
            .toList(),
        report.skipped().stream()
            .map(s -> new SkippedJson(s.id(), s.playbook(), s.reason()))
            .toList());
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
