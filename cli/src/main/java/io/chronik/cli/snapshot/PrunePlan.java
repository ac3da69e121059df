package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotFormatException;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code chronik snapshot prune} keeps and deletes, per group of one source (and per cluster
 * in a store). Newest first, an archive is kept when it is one of the {@code keep} newest, or
 * younger than {@code olderThan}; the others may go. Whatever the limits, the newest archive of the
 * group that verifies is kept; when none verifies, nothing of the group is deleted.
 */
final class PrunePlan {
  /** What happens to one archive, and why. */
  record Decision(Archive archive, String action, String reason, Instant createdAt) {
    boolean delete() {
      return action.equals("delete");
    }
  }

  /**
   * One group of one source.
   *
   * @param noneVerifies whether no archive of the group verifies; null when the plan deletes none
   *     of them and so did not read them
   */
  record Group(
      String where,
      String clusterId,
      String group,
      List<Decision> decisions,
      Boolean noneVerifies) {}

  private PrunePlan() {}

  /**
   * Plans the pruning of {@code archives} (one source's).
   *
   * @param olderThan null to prune by count alone
   */
  static List<Group> plan(
      List<Archive> archives, int keep, Duration olderThan, Instant now, Progress progress) {
    Map<String, List<Archive>> groups = new LinkedHashMap<>();
    for (Archive a : archives) {
      String key =
          a.where()
              + "/"
              + Objects.requireNonNullElse(a.clusterId(), "")
              + "/"
              + a.entry().name().group();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
    }
    List<Group> plan = new ArrayList<>();
    for (List<Archive> group : groups.values()) {
      plan.add(planGroup(group, keep, olderThan, now, progress));
    }
    return plan;
  }

  private static Group planGroup(
      List<Archive> archives, int keep, Duration olderThan, Instant now, Progress progress) {
    List<Archive> newestFirst = new ArrayList<>(archives);
    newestFirst.sort(Comparator.comparing((Archive a) -> a.entry().name()).reversed());
    List<Decision> decisions = new ArrayList<>();
    boolean anyDelete = false;
    for (int i = 0; i < newestFirst.size(); i++) {
      Archive a = newestFirst.get(i);
      Instant created = olderThan == null ? null : createdAt(a);
      Decision d;
      if (i < keep) {
        d = new Decision(a, "keep", "one of the newest " + keep, created);
      } else if (olderThan != null && Duration.between(created, now).compareTo(olderThan) < 0) {
        d = new Decision(a, "keep", "younger than " + Formats.age(olderThan), created);
      } else {
        d =
            new Decision(
                a,
                "delete",
                "beyond the newest "
                    + keep
                    + (olderThan == null ? "" : " and older than " + Formats.age(olderThan)),
                created);
        anyDelete = true;
      }
      decisions.add(d);
    }
    Boolean noneVerifies = null;
    if (anyDelete) {
      noneVerifies = false;
      int good = newestGood(newestFirst, progress);
      if (good < 0) {
        noneVerifies = true;
        decisions.replaceAll(
            d ->
                d.delete()
                    ? new Decision(
                        d.archive(), "keep", "no archive of the group verifies", d.createdAt())
                    : d);
      } else if (decisions.get(good).delete()) {
        Decision d = decisions.get(good);
        decisions.set(
            good,
            new Decision(d.archive(), "keep", "the newest archive that verifies", d.createdAt()));
      }
    }
    SnapshotName first = newestFirst.get(0).entry().name();
    return new Group(
        newestFirst.get(0).where(),
        newestFirst.get(0).clusterId(),
        first.group(),
        decisions,
        noneVerifies);
  }

  /** The position of the newest archive that verifies, or -1. */
  private static int newestGood(List<Archive> newestFirst, Progress progress) {
    for (int i = 0; i < newestFirst.size(); i++) {
      Archive a = newestFirst.get(i);
      VerifyResult result;
      try (InputStream in = progress.track(a.open(), "verifying " + a.id(), a.sizeBytes())) {
        result = SnapshotArchive.verify(in);
      } catch (IOException | UncheckedIOException e) {
        throw new ChronikException(
            SnapshotCatalog.CANNOT_ACCESS,
            ChronikException.Kind.RUNTIME,
            "cannot read " + a.location() + ": " + e.getMessage(),
            "check the path and its permissions, or the store");
      }
      if (result.ok()) {
        return i;
      }
    }
    return -1;
  }

  /** The manifest's creation time; the file's or object's when the head is damaged. */
  private static Instant createdAt(Archive a) {
    try {
      return Instant.parse(a.manifest().createdAt());
    } catch (SnapshotFormatException e) {
      return a.modifiedAt();
    }
  }
}
