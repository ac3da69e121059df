package io.chronik.cli.snapshot;

import java.time.Duration;
import java.util.Locale;

/** Sizes and ages the way the snapshot commands print them for people. */
final class Formats {
  private Formats() {}

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 812 MiB}. */
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

  /** {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}; the largest whole unit. */
  static String age(Duration age) {
    long s = Math.max(0, age.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86_400) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }
}
