package io.chronik.diagnostics.checks;

import java.util.List;
import java.util.Locale;

/** Numbers and lists the way findings print them. */
final class Text {
  private static final int LIST_MAX = 8;

  private Text() {}

  /** {@code 0.4 ms}, {@code 12 ms}, {@code 1.5 s}. */
  static String ms(double millis) {
    if (millis >= 1000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000);
    }
    if (millis < 10) {
      return String.format(Locale.ROOT, "%.1f ms", millis);
    }
    return String.format(Locale.ROOT, "%.0f ms", millis);
  }

  /** {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}: the two largest units. */
  static String age(java.time.Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
    }
    if (s < 86_400) {
      return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }
    return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + "h");
  }

  /** {@code 45 s}, {@code 10 min}, {@code 2 h}: whole units for windows and limits. */
  static String duration(long millis) {
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + " h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + " min";
    }
    return ms(millis);
  }

  /** {@code 812 MiB}, {@code 45.2 GiB}. */
  static String bytes(long bytes) {
    double value = bytes;
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  }

  /** {@code 12.5%}. */
  static String percent(double percent) {
    return String.format(Locale.ROOT, percent >= 10 ? "%.0f%%" : "%.1f%%", percent);
  }

  /** {@code a, b and c}; at most eight items, then {@code and 5 more}. */
  static String list(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    if (items.size() > LIST_MAX) {
      return String.join(", ", items.subList(0, LIST_MAX))
          + " and "
          + (items.size() - LIST_MAX)
          + " more";
    }
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** {@code 1 group}, {@code 3 groups}. */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** {@code 1 group has} or {@code all 3 groups have}. */
  static String all(long n, String singular, String plural) {
    return n == 1 ? "1 " + singular : "all " + n + " " + plural;
  }

  /** {@code nodes 2 and 3}, {@code node 2}. */
  static String nodes(java.util.Collection<Integer> ids) {
    List<String> names = ids.stream().map(String::valueOf).toList();
    return (ids.size() == 1 ? "node " : "nodes ") + list(names);
  }
}
