package io.chronik.cli.doctor;

import io.chronik.cli.Json;
import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.Checks;
import io.chronik.diagnostics.Playbooks;
import io.chronik.diagnostics.Selection;
import java.io.PrintWriter;
import java.util.List;

/** {@code chronik doctor --list-checks}: every check, or a playbook's, with its playbooks. */
final class CheckList {
  /**
   * One check in the JSON list.
   *
   * @param id the stable check id
   * @param title one line
   * @param playbooks the playbooks that run it
   * @param local whether it runs on this host and needs --data-dir
   * @param description how it decides
   */
  record CheckJson(
      String id, String title, List<String> playbooks, boolean local, String description) {}

  private final PrintWriter out;

  CheckList(PrintWriter out) {
    this.out = out;
  }

  void print(String playbook, boolean json) {
    List<Check> checks =
        playbook == null || Selection.ALL.equals(playbook)
            ? Checks.all()
            : Playbooks.find(playbook).orElseThrow().checks().stream()
                .map(id -> Checks.find(id).orElseThrow())
                .toList();
    if (json) {
      out.println(
          Json.write(
              checks.stream()
                  .map(
                      c ->
                          new CheckJson(
                              c.id(),
                              c.title(),
                              Playbooks.containing(c.id()),
                              c.local(),
                              c.description()))
                  .toList()));
    } else {
      int width = checks.stream().mapToInt(c -> c.id().length()).max().orElse(2);
      int playbooksWidth =
          checks.stream()
              .mapToInt(c -> String.join(", ", Playbooks.containing(c.id())).length())
              .max()
              .orElse(9);
      out.println(pad("ID", width) + "  " + pad("PLAYBOOKS", playbooksWidth) + "  TITLE");
      for (Check c : checks) {
        out.println(
            pad(c.id(), width)
                + "  "
                + pad(String.join(", ", Playbooks.containing(c.id())), playbooksWidth)
                + "  "
                + c.title()
                + (c.local() ? " (local: needs --data-dir)" : ""));
      }
    }
    out.flush();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
