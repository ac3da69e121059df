package io.chronik.diagnostics.errors;

import io.chronik.diagnostics.Similar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@code CHR-xxxx} code chronik prints or logs for an operator: the one source of truth for
 * {@code chronik explain}, the troubleshooting guide and the error table of {@code
 * docs/exit-codes.md}.
 *
 * <p>Ranges: 10xx node start, 11xx Kafka listener, 12xx Raft peers and quorum, 20xx partition log,
 * 21xx disk, 30xx Raft snapshots, 31xx snapshot archives and stores, 6xxx {@code chronik bench},
 * 8xxx {@code chronik doctor} findings. A code keeps its meaning forever; a retired code is not
 * reused.
 */
public final class ErrorCatalogue {
  /** Raft quorum lost: a group has fewer than a majority of its replicas. */
  public static final String QUORUM_LOST = "CHR-1202";

  /** A follower fell behind the leader's log start: it must install a snapshot. */
  public static final String SNAPSHOT_INSTALL_NEEDED = "CHR-3002";

  /** No space left on the data dir's device. */
  public static final String NO_SPACE = "CHR-2101";

  /** The admin API of a node did not answer. */
  public static final String ADMIN_UNREACHABLE = "CHR-8001";

  /** A node does not serve Kafka requests yet, or any more. */
  public static final String NOT_READY = "CHR-8002";

  /** A Raft group has no leader, or no majority agrees on one. */
  public static final String NO_LEADER = "CHR-8003";

  /** A Raft group changes leader too often. */
  public static final String ELECTION_CHURN = "CHR-8020";

  /** Nodes run with different Raft timeouts, or timeouts that do not fit together. */
  public static final String RAFT_TIMEOUTS = "CHR-8021";

  /** Nodes' wall clocks differ. */
  public static final String CLOCK_SKEW = "CHR-8022";

  /** A node cannot open a connection to a peer's Kafka or admin port, or only slowly. */
  public static final String PEER_UNREACHABLE = "CHR-8023";

  /** A node's advertised Kafka address cannot be reached from the host doctor runs on. */
  public static final String ADVERTISED_UNREACHABLE = "CHR-8024";

  /** Connection refused (or no answer) on a peer's Raft port. */
  public static final String RAFT_PORT_UNREACHABLE = "CHR-1204";

  /** A node applies committed entries too slowly. */
  public static final String APPLIED_LAG = "CHR-8004";

  /** A partition has replicas that are down or behind. */
  public static final String UNDER_REPLICATED = "CHR-8005";

  /** The data dir's file system is running out of space. */
  public static final String DISK_LOW = "CHR-8006";

  /** fsync on the data dir's disk is slow. */
  public static final String SLOW_FSYNC = "CHR-8007";

  /** Produce or Fetch requests are slow. */
  public static final String SLOW_REQUESTS = "CHR-8008";

  /** The JVM spends too long in garbage collection. */
  public static final String GC_PRESSURE = "CHR-8009";

  /** A Raft log keeps growing without snapshots. */
  public static final String SNAPSHOT_BACKLOG = "CHR-8010";

  /** A group's last snapshot is older than the node's time threshold. */
  public static final String SNAPSHOT_STALE = "CHR-8011";

  /** The snapshot store failed its write/read/delete probe. */
  public static final String STORE_UNREACHABLE = "CHR-8012";

  /** consistency.replicas: replicas of a partition hold different batches at one offset. */
  public static final String REPLICAS_DIVERGED = "CHR-8030";

  /** consistency.replicas: a replica's stored batch no longer matches its CRC. */
  public static final String BATCH_DAMAGED = "CHR-8031";

  /** perf.partitions-per-node: a node hosts more partition replicas than measured to work. */
  public static final String TOO_MANY_REPLICAS = "CHR-8013";

  private static final Map<String, ErrorCode> BY_CODE =
      CatalogueEntries.ALL.stream()
          .collect(
              Collectors.toMap(
                  ErrorCode::code,
                  Function.identity(),
                  (a, b) -> {
                    throw new IllegalStateException("duplicate code " + a.code());
                  },
                  java.util.TreeMap::new));

  private ErrorCatalogue() {}

  /** Every entry, by code. */
  public static List<ErrorCode> all() {
    return List.copyOf(BY_CODE.values());
  }

  /** The entry for {@code code}; {@code chr-1202} and {@code 1202} are accepted too. */
  public static Optional<ErrorCode> find(String code) {
    return Optional.ofNullable(BY_CODE.get(normalize(code)));
  }

  /** {@code CHR-} and the digits, upper case; the input unchanged (stripped) otherwise. */
  public static String normalize(String code) {
    String text = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
    if (text.matches("\\d{4}")) {
      return "CHR-" + text;
    }
    if (text.matches("CHR\\d{4}")) {
      return "CHR-" + text.substring(3);
    }
    return text;
  }

  /**
   * The codes that look like a typo of {@code code}: one digit changed, or two neighbours swapped.
   * Closest first, at most three.
   */
  public static List<String> suggestions(String code) {
    String wanted = normalize(code);
    List<String> close = new ArrayList<>();
    for (String known : BY_CODE.keySet()) {
      if (Similar.distance(wanted, known) <= 1 || swapped(wanted, known)) {
        close.add(known);
      }
    }
    // closest first; among equals, the numerically nearest code
    close.sort(
        Comparator.comparingInt((String k) -> Similar.distance(wanted, k))
            .thenComparingInt(k -> Math.abs(number(k) - number(wanted)))
            .thenComparing(k -> k));
    return close.stream().limit(3).toList();
  }

  private static int number(String code) {
    String digits = code.replaceAll("\\D", "");
    return digits.isEmpty() || digits.length() > 6 ? 0 : Integer.parseInt(digits);
  }

  private static boolean swapped(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    int first = -1;
    for (int i = 0; i < a.length(); i++) {
      if (a.charAt(i) != b.charAt(i)) {
        if (first < 0) {
          first = i;
        } else {
          return i == first + 1
              && a.charAt(first) == b.charAt(i)
              && a.charAt(i) == b.charAt(first)
              && a.substring(i + 1).equals(b.substring(i + 1));
        }
      }
    }
    return false;
  }
}
