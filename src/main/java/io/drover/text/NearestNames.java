package io.drover.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The valid names nearest to a mistyped one, for "did you mean" hints: those within a few edits
 * (insertions, deletions, substitutions, swaps of neighbours; about one per three letters), or that
 * start with what was typed, nearest first.
 */
public final class NearestNames {

  private static final int MAX = 3;

  private NearestNames() {
  }

  public static List<String> to(String typed, Collection<String> valid) {
    String t = typed == null ? "" : typed.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, t.length() / 3);
    return valid.stream()
        .map(name -> new Candidate(name, distance(t, name.toLowerCase(Locale.ROOT))))
        .filter(c -> c.distance() <= allowed || (t.length() >= 2 && c.name().toLowerCase(Locale.ROOT).startsWith(t)))
        .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
        .limit(MAX).map(Candidate::name).toList();
  }

  /** "; did you mean a, b?" or "" when nothing is near. */
  public static String hint(String typed, Collection<String> valid) {
    List<String> near = to(typed, valid);
    return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
  }

  /** Optimal string alignment distance: edits, a swap of two neighbours counting as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private record Candidate(String name, int distance) {
  }
}
