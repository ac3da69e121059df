package io.chronik.diagnostics.docs;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.Checks;
import io.chronik.diagnostics.Playbook;
import io.chronik.diagnostics.Playbooks;
import io.chronik.diagnostics.ReportJson;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.errors.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the parts of the documentation that come from the diagnostics definitions: {@code
 * docs/troubleshooting.md} (playbooks, checks, error catalogue, doctor's output) and the error-code
 * table of {@code docs/exit-codes.md} (between its generated markers).
 *
 * <p>The build checks that the committed files match ({@code GeneratedDocsTest}); {@code main}
 * regenerates them: {@code DocsGenerator REPO_ROOT}.
 */
public final class DocsGenerator {
  /** Where the generated error table starts in exit-codes.md. */
  public static final String TABLE_BEGIN =
      "<!-- BEGIN GENERATED: error codes, from ErrorCatalogue; do not edit -->";

  /** Where it ends. */
  public static final String TABLE_END = "<!-- END GENERATED: error codes -->";

  /** How to regenerate, for the drift message and the files themselves. */
  public static final String REGENERATE =
      "mvn -q -B -o -pl diagnostics -am test -Dtest=GeneratedDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dchronik.docs.write=true";

  private DocsGenerator() {}

  /** Regenerates both files under {@code args[0]} (the repository root, default "."). */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    write(root.resolve("docs/troubleshooting.md"), troubleshooting());
    Path exitCodes = root.resolve("docs/exit-codes.md");
    write(exitCodes, exitCodes(Files.readString(exitCodes, StandardCharsets.UTF_8)));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The whole of docs/troubleshooting.md. */
  public static String troubleshooting() {
    StringBuilder md = new StringBuilder();
    md.append("# Troubleshooting chronik\n\n");
    md.append("<!-- Generated from the playbooks, checks and error catalogue in the diagnostics")
        .append(" module (io.chronik.diagnostics). Do not edit: change the definitions, then run\n")
        .append("     ")
        .append(REGENERATE)
        .append(" -->\n\n");
    md.append(
        "`chronik doctor` checks a running cluster through the admin API of one node (`--admin"
            + " HOST:PORT`, default `127.0.0.1:9644`, or `CHRONIK_ADMIN`): it finds every other"
            + " node from there and asks them all, concurrently. Each chapter below is a"
            + " *playbook*, a set of checks for one kind of trouble, run with `chronik doctor"
            + " PLAYBOOK`; `quick` is the default and `all` runs every playbook. Every finding"
            + " carries an error code; `chronik explain CODE` prints its entry of the"
            + " [error catalogue](#error-codes).\n\n");
    md.append("```bash\n")
        .append("chronik doctor                                   # the quick playbook\n")
        .append("chronik doctor election --admin 10.0.0.1:9644    # one playbook\n")
        .append("chronik doctor performance --data-dir /var/lib/chronik   # with local checks\n")
        .append("chronik doctor --check raft.quorum -o json       # one check, for a script\n")
        .append("chronik doctor --watch --exit-when-healthy       # wait for a rolling restart\n")
        .append("chronik explain CHR-1202                         # what a code means\n")
        .append("chronik debug bundle -o incident.zip             # everything, for later\n")
        .append("chronik doctor all --bundle incident.zip         # the checks, offline\n")
        .append("```\n\n");
    md.append("## Contents\n\n");
    for (Playbook p : Playbooks.all()) {
      md.append("- [")
          .append(p.name())
          .append(": ")
          .append(p.title())
          .append("](#")
          .append(anchor(p.name() + ": " + p.title()))
          .append(")\n");
    }
    md.append("- [Checks](#checks)\n");
    md.append("- [Debug bundles](#debug-bundles)\n");
    md.append("- [Output and exit codes](#output-and-exit-codes)\n");
    md.append("- [Error codes](#error-codes)\n\n");

    for (Playbook p : Playbooks.all()) {
      md.append("## ").append(p.name()).append(": ").append(p.title()).append("\n\n");
      md.append("**When:** ").append(p.symptoms()).append("\n\n");
      md.append("```bash\nchronik doctor ").append(p.name()).append(" --admin HOST:PORT\n```\n\n");
      md.append(p.remedy()).append("\n\n");
      md.append("| check | what it looks at |\n|---|---|\n");
      for (String id : p.checks()) {
        Check c = Checks.find(id).orElseThrow();
        md.append("| [`")
            .append(id)
            .append("`](#")
            .append(anchor(id))
            .append(") | ")
            .append(c.title())
            .append(c.local() ? " (local: needs `--data-dir`)" : "")
            .append(" |\n");
      }
      md.append("\n");
    }

    md.append("## Checks\n\n");
    md.append(
        "Each check reports one finding per node (node checks) or one for the cluster. A check"
            + " that cannot see what it needs reports UNKNOWN and says why: never OK, never"
            + " CRIT. A node that does not answer stays in the report with its error.\n\n");
    for (Check c : Checks.all()) {
      md.append("### ").append(c.id()).append("\n\n");
      md.append("**").append(c.title()).append(".** ").append(c.description()).append("\n\n");
      md.append("**What to do:** ").append(c.remedy()).append("\n\n");
      md.append("Playbooks: ")
          .append(String.join(", ", Playbooks.containing(c.id())))
          .append(
              c.local() ? ". Local: runs on the machine doctor runs on, with `--data-dir`." : ".")
          .append("\n\n");
    }

    md.append("## Debug bundles\n\n");
    md.append(
        "`chronik debug bundle -o FILE.zip [--admin HOST:PORT]` asks every node what `chronik"
            + " doctor all` reads (`/v1/node` with the effective configuration, `/v1/cluster`,"
            + " `/v1/raft/groups`, `/v1/raft/elections`, `/ready`, `/metrics`, `/v1/probe/peers`"
            + " and a connection to each advertised Kafka address, and one node's probe of its"
            + " snapshot store, `POST /v1/actions/probe-store`, which writes, reads back and"
            + " deletes a small object), plus each node's latest log"
            + " lines (`/v1/logs`, `--log-lines`, default 500) and its snapshot list"
            + " (`/v1/snapshots`, recorded as it answers, 404 included). Every request goes into"
            + " `manifest.json` with its timing and outcome, a node that does not answer"
            + " included; bodies go to `nodes/HOST_PORT/`, with values of secret-named fields"
            + " (password, secret, token, credential, access key) and `NAME=value` secrets in log"
            + " lines replaced by `<redacted>`. `doctor.json` is the report doctor made from the"
            + " same answers.\n\n"
            + "`chronik doctor [PLAYBOOK] --bundle FILE.zip` runs the checks offline: the probe"
            + " reads the recorded answers instead of the network, with the timing they had, so"
            + " the findings are those of the moment of collection (the same as `doctor.json`)."
            + " Local checks (`--data-dir`) and `--watch` do not apply.\n\n");
    md.append("## Output and exit codes\n\n");
    md.append(
        "The text report groups findings by playbook, worst first, and ends in one line:"
            + " `chronik doctor: OK (10 checks)` or `chronik doctor: CRITICAL: 1 critical, 2"
            + " warnings (10 checks)`. The exit code follows the monitoring-plugin convention;"
            + " the worst finding decides, and CRITICAL beats UNKNOWN:\n\n");
    md.append("| exit | verdict | meaning |\n|---|---|---|\n")
        .append("| 0 | OK | every check passed |\n")
        .append("| 1 | WARNING | something needs attention soon |\n")
        .append(
            "| 2 | CRITICAL | something is broken, or a majority of the nodes does not answer |\n")
        .append("| 3 | UNKNOWN | something could not be checked, and nothing is critical |\n")
        .append("| 64 | | usage error: an unknown playbook or check, a bad flag |\n\n");
    md.append(
        "A node whose admin API does not answer is a WARNING while a majority of the nodes"
            + " answers (one node down in three: the cluster serves with less to spare, and"
            + " `node.reachable` names the partitions with a replica on it) and CRITICAL"
            + " otherwise, as is a --admin address that does not answer at all. The checks that"
            + " needed its answers are UNKNOWN, but they do not raise the verdict above what"
            + " `node.reachable` says about that node. This holds whatever checks `--check`"
            + " selects: `node.reachable` reports a node that does not answer even when"
            + " `--check` leaves it out (its details say so), so `chronik doctor --check"
            + " raft.quorum` against a cluster that is down is CRITICAL, not UNKNOWN. Only an"
            + " explicit `--skip node.reachable` leaves it out, for a run that is not about the"
            + " nodes (`--check perf.fsync --data-dir DIR` on a host whose node is stopped, for"
            + " example).\n\n");
    md.append(
        "`-o json` prints one JSON document (one per round with `--watch`). Every field is"
            + " always present: strings are empty rather than absent, and numbers that do not"
            + " apply are null. Findings are sorted worst first.\n\n");
    md.append("| field | meaning |\n|---|---|\n");
    ReportJson.FIELDS.forEach(
        (field, meaning) ->
            md.append("| `").append(field).append("` | ").append(meaning).append(" |\n"));
    md.append("\n");
    md.append(
        "`scripts/health-check.sh` wraps it for cron and Nagios: one line such as `CHRONIK OK -"
            + " 10 checks | crit=0 warn=0 unknown=0` and the same exit codes; a missing"
            + " `chronik` executable is UNKNOWN (exit 3).\n\n");

    md.append("## Error codes\n\n");
    md.append(
        "Every error chronik prints or logs for an operator carries a stable code. `chronik"
            + " explain CODE` prints the same entry; `chronik explain --list` lists them.\n\n");
    for (ErrorCode e : ErrorCatalogue.all()) {
      md.append("### ").append(e.code()).append("\n\n");
      md.append("**").append(e.title()).append(".** Raised by: ").append(e.raisedBy());
      md.append(e.endsCommand() ? "; exit code " + e.exitCode() : "; ends no command")
          .append(".\n\n");
      md.append("- **Cause:** ").append(e.cause()).append("\n");
      md.append("- **How to confirm:** ").append(e.confirm()).append("\n");
      md.append("- **Fix:** ").append(e.fix()).append("\n\n");
    }
    return md.toString().stripTrailing() + "\n";
  }

  /**
   * exit-codes.md with its generated error table replaced.
   *
   * @throws IllegalArgumentException when the markers are missing
   */
  public static String exitCodes(String current) {
    int begin = current.indexOf(TABLE_BEGIN);
    int end = current.indexOf(TABLE_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "docs/exit-codes.md lacks the markers " + TABLE_BEGIN + " and " + TABLE_END);
    }
    return current.substring(0, begin + TABLE_BEGIN.length())
        + "\n"
        + errorTable()
        + current.substring(end);
  }

  /** The error-code table: code, where it comes from, what it means, exit code. */
  public static String errorTable() {
    StringBuilder md = new StringBuilder();
    md.append("| code | raised by | meaning | exit |\n|---|---|---|---|\n");
    for (ErrorCode e : ErrorCatalogue.all()) {
      md.append("| [")
          .append(e.code())
          .append("](troubleshooting.md#")
          .append(anchor(e.code()))
          .append(") | ")
          .append(e.raisedBy())
          .append(" | ")
          .append(e.title())
          .append(" | ")
          .append(e.endsCommand() ? Integer.toString(e.exitCode()) : "-")
          .append(" |\n");
    }
    return md.toString();
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
