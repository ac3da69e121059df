package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.probe.ReplicasInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The comparison of one partition's replicas, from each replica's {@code /v1/replicas} report.
 *
 * <p>Replicas of a partition hold the same batches at the same offsets: each applies the same Raft
 * entries, and a batch is stored with the bytes the producer sent (only its base offset and leader
 * epoch, outside the CRC, are rewritten). So a batch that every replica has, below every replica's
 * high watermark, must have the same last offset and the same stored CRC everywhere; and each copy
 * must still match its own CRC. A follower behind the leader is not a difference: it is still
 * replicating, and only the batches all replicas have are compared.
 *
 * @param label {@code topic-partition}
 * @param replicas the partition's replicas (from the metadata, else those that reported it)
 * @param reports what each replica that answered reports, by node
 * @param unanswered replicas that could not be asked, with why
 * @param compared the base offsets of the batches compared across all reporting replicas
 * @param mismatches one line per batch whose copies differ
 * @param corrupt one line per copy whose bytes no longer match its stored CRC
 * @param diverged the nodes whose copy differs from the majority's, or fails its CRC
 * @param noMajority whether some batch had no majority copy, so the good copy is not known
 */
record ReplicaComparison(
    String label,
    Set<Integer> replicas,
    Map<Integer, ReplicasInfo.Replica> reports,
    Map<Integer, String> unanswered,
    List<Long> compared,
    List<String> mismatches,
    List<String> corrupt,
    Set<Integer> diverged,
    boolean noMajority) {

  /** Compares the reports of one partition's replicas. */
  static ReplicaComparison of(
      String label,
      Set<Integer> replicas,
      Map<Integer, ReplicasInfo.Replica> reports,
      Map<Integer, String> unanswered) {
    Set<Integer> diverged = new TreeSet<>();
    List<String> corrupt = new ArrayList<>();
    reports.forEach(
        (node, r) -> {
          for (ReplicasInfo.Batch b : r.lastBatches()) {
            if (!b.crcValid()) {
              corrupt.add(
                  "node "
                      + node
                      + "'s batch "
                      + range(b)
                      + " no longer matches its stored CRC "
                      + crc(b.crc())
                      + " (damaged on disk)");
              diverged.add(node);
            }
          }
        });
    List<Long> compared = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    boolean noMajority = false;
    if (reports.size() >= 2) {
      long below = reports.values().stream().mapToLong(r -> r.highWatermark()).min().orElse(0);
      Map<Long, Map<Integer, ReplicasInfo.Batch>> byOffset = new TreeMap<>();
      reports.forEach(
          (node, r) ->
              r.lastBatches().stream()
                  .filter(b -> b.lastOffset() < below)
                  .forEach(
                      b ->
                          byOffset
                              .computeIfAbsent(b.baseOffset(), o -> new TreeMap<>())
                              .put(node, b)));
      for (Map.Entry<Long, Map<Integer, ReplicasInfo.Batch>> e : byOffset.entrySet()) {
        if (e.getValue().size() != reports.size()) {
          continue;
        }
        compared.add(e.getKey());
        Map<String, List<Integer>> copies = new LinkedHashMap<>();
        e.getValue()
            .forEach(
                (node, b) ->
                    copies
                        .computeIfAbsent(
                            "ends at " + b.lastOffset() + ", CRC " + crc(b.crc()),
                            k -> new ArrayList<>())
                        .add(node));
        if (copies.size() == 1) {
          continue;
        }
        List<String> parts = new ArrayList<>();
        copies.forEach((copy, nodes) -> parts.add(Text.nodes(nodes) + ": " + copy));
        Optional<Map.Entry<String, List<Integer>>> majority =
            copies.entrySet().stream()
                .filter(c -> c.getValue().size() * 2 > e.getValue().size())
                .findFirst();
        if (majority.isPresent()) {
          e.getValue().keySet().stream()
              .filter(n -> !majority.get().getValue().contains(n))
              .forEach(diverged::add);
        } else {
          noMajority = true;
        }
        mismatches.add("batch at offset " + e.getKey() + " differs: " + String.join("; ", parts));
      }
    }
    return new ReplicaComparison(
        label,
        Set.copyOf(replicas),
        Map.copyOf(reports),
        Map.copyOf(unanswered),
        List.copyOf(compared),
        List.copyOf(mismatches),
        List.copyOf(corrupt),
        Set.copyOf(diverged),
        noMajority);
  }

  boolean broken() {
    return !mismatches.isEmpty() || !corrupt.isEmpty();
  }

  /** Whether the replicas that reported hold data below their high watermarks. */
  boolean hasData() {
    return reports.values().stream().anyMatch(r -> r.highWatermark() > r.logStartOffset());
  }

  /** Whether nothing could be compared although there is data: replicas too far apart. */
  boolean notCompared() {
    return reports.size() >= 2 && compared.isEmpty() && hasData() && corrupt.isEmpty();
  }

  /** The report of the replica that says it leads, if it answered. */
  Optional<ReplicasInfo.Replica> leader() {
    return reports.values().stream().filter(ReplicasInfo.Replica::isLeader).findFirst();
  }

  /** The node id of the replica that says it leads, -1 when none answered as leader. */
  int leaderNode() {
    return reports.entrySet().stream()
        .filter(e -> e.getValue().isLeader())
        .mapToInt(Map.Entry::getKey)
        .findFirst()
        .orElse(-1);
  }

  /** One line: the partition, its replicas' high watermarks, and what was compared or found. */
  String line() {
    List<String> hws = new ArrayList<>();
    long leaderHw = leader().map(ReplicasInfo.Replica::highWatermark).orElse(-1L);
    for (int node : new TreeSet<>(replicas)) {
      ReplicasInfo.Replica r = reports.get(node);
      if (r != null) {
        String lag =
            leaderHw > r.highWatermark() && !r.isLeader()
                ? " (" + (leaderHw - r.highWatermark()) + " behind, replicating)"
                : "";
        hws.add(
            "node " + node + (r.isLeader() ? " (leader)" : "") + " HW " + r.highWatermark() + lag);
      } else {
        hws.add("node " + node + " " + unanswered.getOrDefault(node, "did not report it"));
      }
    }
    String what;
    if (broken()) {
      List<String> found = new ArrayList<>(mismatches);
      found.addAll(corrupt);
      what = String.join("; ", found);
    } else if (!compared.isEmpty()) {
      long first = compared.get(0);
      long last =
          reports.values().iterator().next().lastBatches().stream()
              .filter(b -> b.baseOffset() == compared.get(compared.size() - 1))
              .mapToLong(ReplicasInfo.Batch::lastOffset)
              .findFirst()
              .orElse(compared.get(compared.size() - 1));
      what =
          Text.count(compared.size(), "batch", "batches")
              + " at offsets "
              + first
              + ".."
              + last
              + " identical on "
              + Text.nodes(new TreeSet<>(reports.keySet()));
    } else if (reports.size() < 2) {
      what = "fewer than two replicas reported it: nothing to compare";
    } else if (!hasData()) {
      what = "no data yet";
    } else {
      what =
          "no batch common to every replica below their high watermarks: a follower is more"
              + " than the last batches behind";
    }
    return label + ": " + what + "; " + String.join(", ", hws);
  }

  static String crc(long crc) {
    return String.format(Locale.ROOT, "0x%08x", crc);
  }

  private static String range(ReplicasInfo.Batch b) {
    return "at offsets " + b.baseOffset() + ".." + b.lastOffset();
  }

  ReplicaComparison {
    Objects.requireNonNull(label, "label");
  }
}
