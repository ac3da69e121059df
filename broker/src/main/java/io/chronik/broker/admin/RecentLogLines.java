package io.chronik.broker.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent log lines of this process, bounded in count and in line length, so that {@code
 * GET /v1/logs} and debug bundles can show what a node logged without access to its host.
 *
 * <p>The broker logs through SLF4J only; the logging backend feeds this tail (the {@code chronik}
 * executable's logback configuration does, with an appender of its own). When nothing feeds it, it
 * stays empty and says so. Several nodes started in one JVM (tests, {@code dev-cluster}) share the
 * process's tail; each line carries the node's log context as formatted by the backend.
 */
public final class RecentLogLines {
  /** Lines kept. */
  public static final int CAPACITY = 2_000;

  /** Characters kept of one line; the rest is cut and marked. */
  public static final int MAX_LINE_CHARS = 4_096;

  private static final RecentLogLines PROCESS = new RecentLogLines(CAPACITY);

  private final int capacity;
  private final Deque<String> lines = new ArrayDeque<>();
  private volatile boolean fed;

  RecentLogLines(int capacity) {
    this.capacity = capacity;
  }

  /** The tail of this process. */
  public static RecentLogLines process() {
    return PROCESS;
  }

  /** Keeps one formatted line (without its line break). */
  public void add(String line) {
    String kept =
        line.length() > MAX_LINE_CHARS
            ? line.substring(0, MAX_LINE_CHARS) + " [cut at " + MAX_LINE_CHARS + " chars]"
            : line;
    fed = true;
    synchronized (lines) {
      lines.addLast(kept);
      while (lines.size() > capacity) {
        lines.removeFirst();
      }
    }
  }

  /** The last {@code count} lines, oldest first. */
  public List<String> last(int count) {
    synchronized (lines) {
      List<String> all = new ArrayList<>(lines);
      return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }
  }

  /** Whether a logging backend feeds this tail. */
  public boolean fed() {
    return fed;
  }
}
