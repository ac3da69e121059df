package io.chronik.diagnostics;

import java.util.List;

/**
 * A named set of checks for one kind of trouble, with the advice that goes with it. Playbooks are
 * the chapters of {@code docs/troubleshooting.md}.
 *
 * @param name the name on the command line, {@code chronik doctor NAME}
 * @param title the chapter title
 * @param symptoms when to run it: what an operator sees
 * @param remedy the playbook's advice, beyond each check's remedy; paragraphs separated by blank
 *     lines
 * @param checks the ids of its checks, in report order; only implemented checks
 */
public record Playbook(
    String name, String title, String symptoms, String remedy, List<String> checks) {
  public Playbook {
    checks = List.copyOf(checks);
  }

  public boolean contains(String checkId) {
    return checks.contains(checkId);
  }
}
