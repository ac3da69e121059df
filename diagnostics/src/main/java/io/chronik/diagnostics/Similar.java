package io.chronik.diagnostics;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the known words that look like a typo of the given one. */
public final class Similar {
  private static final int MAX = 3;

  private Similar() {}

  /**
   * The candidates within a third of the word's length in edits (at least 2), or that start with
   * it; closest first, at most three.
   */
  public static List<String> to(String word, Collection<String> candidates) {
    int limit = Math.max(2, word.length() / 3);
    return candidates.stream()
        .filter(c -> c.startsWith(word) || distance(word, c) <= limit)
        .sorted(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c))
        .limit(MAX)
        .toList();
  }

  /** " (did you mean 'x'?)", " (did you mean one of 'x', 'y'?)" or "" without suggestions. */
  public static String didYouMean(List<String> suggestions) {
    if (suggestions.isEmpty()) {
      return "";
    }
    String quoted = String.join("', '", suggestions);
    return suggestions.size() == 1
        ? " (did you mean '" + quoted + "'?)"
        : " (did you mean one of '" + quoted + "'?)";
  }

  /** The Levenshtein distance: single-character edits that turn {@code a} into {@code b}. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
