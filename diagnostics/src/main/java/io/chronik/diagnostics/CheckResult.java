package io.chronik.diagnostics;

import java.util.Objects;

/**
 * One finding of a check.
 *
 * @param id the check's stable id, for example {@code raft.quorum}
 * @param status how it went
 * @param summary one line for a person: what was found
 * @param details the evidence: values, limits, the groups or nodes concerned; may span lines; empty
 *     when there is nothing to add
 * @param remedy what to do about it; empty when nothing needs doing
 * @param code the error-catalogue code that explains the finding ({@code chronik explain}); empty
 *     when there is none
 * @param node the node the finding is about, or null when it is about the cluster
 */
public record CheckResult(
    String id,
    Status status,
    String summary,
    String details,
    String remedy,
    String code,
    Integer node) {

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    summary = Objects.requireNonNullElse(summary, "");
    details = Objects.requireNonNullElse(details, "");
    remedy = Objects.requireNonNullElse(remedy, "");
    code = Objects.requireNonNullElse(code, "");
  }

  /** A healthy cluster-wide finding. */
  public static CheckResult ok(String id, String summary, String details) {
    return new CheckResult(id, Status.OK, summary, details, "", "", null);
  }

  /** The same finding about one node (or the cluster, when {@code nodeId} is null). */
  public CheckResult about(Integer nodeId) {
    return new CheckResult(id, status, summary, details, remedy, code, nodeId);
  }
}
