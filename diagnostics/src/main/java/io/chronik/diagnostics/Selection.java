package io.chronik.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which checks a run performs, and under which playbook each finding is reported.
 *
 * <p>The checks are those of the named playbook ({@code all}: every playbook), or exactly the ones
 * given with {@code --check}, minus those given with {@code --skip}. A finding is reported under
 * the first playbook of the run that lists its check, or, for a {@code --check} outside the run's
 * playbooks, under the first playbook of the guide that does. Local checks need {@code --data-dir}:
 * without it a playbook skips them (and says so), and naming one with {@code --check} is a usage
 * error.
 *
 * @param playbooks the playbooks of the run
 * @param selected the checks to run, in report order, each with its playbook
 * @param skipped local checks left out for want of {@code --data-dir}
 * @param skips the check ids given with {@code --skip}
 */
public record Selection(
    List<String> playbooks, List<Selected> selected, List<Skipped> skipped, List<String> skips) {
  /** The playbook name that selects every playbook. */
  public static final String ALL = "all";

  public Selection {
    playbooks = List.copyOf(playbooks);
    selected = List.copyOf(selected);
    skipped = List.copyOf(skipped);
    skips = List.copyOf(skips);
  }

  /** A selection without {@code --skip}. */
  public Selection(List<String> playbooks, List<Selected> selected, List<Skipped> skipped) {
    this(playbooks, selected, skipped, List.of());
  }

  /**
   * A check to run.
   *
   * @param check the check
   * @param playbook the playbook its findings are reported under
   */
  public record Selected(Check check, String playbook) {}

  /**
   * A check left out, and why.
   *
   * @param id the check id
   * @param playbook the playbook it would have been reported under
   * @param reason why it did not run
   */
  public record Skipped(String id, String playbook, String reason) {}

  /** What the probe must fetch beyond the base endpoints for the selected checks. */
  public java.util.Set<io.chronik.diagnostics.probe.ClusterProbe.Extra> extras() {
    java.util.Set<io.chronik.diagnostics.probe.ClusterProbe.Extra> extras =
        java.util.EnumSet.noneOf(io.chronik.diagnostics.probe.ClusterProbe.Extra.class);
    selected.forEach(s -> extras.addAll(s.check().needs()));
    return extras;
  }

  /** A selection that cannot be made: an unknown name, or a local check without a data dir. */
  public static final class SelectionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String option;

    SelectionException(String option, String message) {
      super(message);
      this.option = option;
    }

    /** The option or parameter at fault: {@code PLAYBOOK}, {@code --check}, {@code --skip}. */
    public String option() {
      return option;
    }
  }

  /**
   * Resolves a run's checks.
   *
   * @param playbook the playbook name, {@code all}, or null for the default
   * @param only the {@code --check} ids; empty for the playbook's checks
   * @param skip the {@code --skip} ids
   * @param hasDataDir whether {@code --data-dir} was given
   * @throws SelectionException for an unknown playbook or check id (with suggestions), a local
   *     check named without a data dir, or nothing left to run
   */
  public static Selection of(
      String playbook, List<String> only, List<String> skip, boolean hasDataDir) {
    List<String> playbooks = playbooks(playbook == null ? Playbooks.DEFAULT : playbook);
    only.forEach(id -> checkId("--check", id));
    skip.forEach(id -> checkId("--skip", id));
    Set<String> ids = new LinkedHashSet<>();
    if (only.isEmpty()) {
      for (String name : playbooks) {
        ids.addAll(Playbooks.find(name).orElseThrow().checks());
      }
    } else {
      ids.addAll(only);
    }
    List<Selected> selected = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Check check : Checks.all()) {
      if (!ids.contains(check.id()) || skip.contains(check.id())) {
        continue;
      }
      String home = home(check.id(), playbooks);
      if (check.local() && !hasDataDir) {
        if (only.contains(check.id())) {
          throw new SelectionException(
              "--check",
              check.id()
                  + " runs on the node's host and needs --data-dir DIR (the node's data"
                  + " dir)");
        }
        skipped.add(new Skipped(check.id(), home, "needs --data-dir DIR on the node's host"));
        continue;
      }
      selected.add(new Selected(check, home));
    }
    if (selected.isEmpty()) {
      throw new SelectionException(
          "--skip", "nothing left to check: every check of the selection is skipped");
    }
    return new Selection(playbooks, selected, skipped, skip);
  }

  private static List<String> playbooks(String name) {
    if (ALL.equals(name)) {
      return Playbooks.names();
    }
    if (Playbooks.find(name).isEmpty()) {
      List<String> candidates = new ArrayList<>(Playbooks.names());
      candidates.add(ALL);
      throw new SelectionException(
          "PLAYBOOK",
          "unknown playbook '"
              + name
              + "'"
              + Similar.didYouMean(Similar.to(name, candidates))
              + "; playbooks: "
              + String.join(", ", candidates));
    }
    return List.of(name);
  }

  private static void checkId(String option, String id) {
    if (Checks.find(id).isEmpty()) {
      throw new SelectionException(
          option,
          "unknown check '"
              + id
              + "'"
              + Similar.didYouMean(Similar.to(id, Checks.ids()))
              + "; chronik doctor --list-checks lists them");
    }
  }

  /**
   * The playbook a finding of {@code checkId} is reported under: the first of {@code playbooks}
   * that lists it, else the first of the guide that does.
   */
  static String home(String checkId, List<String> playbooks) {
    for (String name : playbooks) {
      if (Playbooks.find(name).orElseThrow().contains(checkId)) {
        return name;
      }
    }
    List<String> containing = Playbooks.containing(checkId);
    return containing.isEmpty() ? Playbooks.DEFAULT : containing.get(0);
  }
}
