package dev.selection.core.internal.rank;

import dev.selection.api.SongMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Light TF-IDF over a song's title, artist, album, genres and comment: lower-cased letter/digit
 * tokens of two or more characters, a handful of stop words dropped, smoothed IDF {@code ln((1 +
 * docs) / (1 + df)) + 1} (the scikit-learn convention) from the library, L2-normalised. Thread-safe
 * (immutable).
 */
public final class TextVectors {
  private static final Set<String> STOP =
      Set.of(
          "the",
          "an",
          "of",
          "and",
          "feat",
          "ft",
          "featuring",
          "vs",
          "in",
          "on",
          "to",
          "de",
          "la",
          "le");

  private TextVectors() {}

  /** Returns the tokens of a song's metadata, in order, with repetitions; empty when none. */
  public static List<String> tokens(SongMetadata md) {
    List<String> out = new ArrayList<>();
    if (md == null) {
      return out;
    }
    add(out, md.title());
    add(out, md.artist());
    add(out, md.album());
    for (String g : md.genres()) {
      add(out, g);
    }
    add(out, md.comment());
    return out;
  }

  private static void add(List<String> out, String text) {
    if (text == null) {
      return;
    }
    // Split on anything that is not a letter or digit (Unicode), without a regex: this runs for
    // every
    // candidate of every prediction.
    text = text.toLowerCase(Locale.ROOT);
    int n = text.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean word = false;
      int cp = 0;
      if (i < n) {
        cp = text.codePointAt(i);
        word = Character.isLetterOrDigit(cp);
      }
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        String t = text.substring(start, i);
        if (t.length() >= 2 && !STOP.contains(t)) {
          out.add(t);
        }
        start = -1;
      }
      if (i < n && Character.charCount(cp) == 2) {
        i++;
      }
    }
  }

  /**
   * Builds the sparse L2-normalised TF-IDF vector of {@code tokens}; empty when there are none.
   *
   * @param idf term to IDF
   * @param unknownIdf IDF of a term missing from {@code idf}
   */
  public static Map<String, Float> tfidf(
      List<String> tokens, Map<String, Float> idf, float unknownIdf) {
    Map<String, Float> tf = new HashMap<>();
    for (String t : tokens) {
      tf.merge(t, 1f, Float::sum);
    }
    double norm = 0;
    for (Map.Entry<String, Float> e : tf.entrySet()) {
      float w = e.getValue() * idf.getOrDefault(e.getKey(), unknownIdf);
      e.setValue(w);
      norm += (double) w * w;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      tf.replaceAll((k, v) -> v * inv);
    }
    return tf;
  }

  /** Returns the smoothed IDF of a term seen in {@code df} of {@code docs} documents. */
  public static float idf(int df, int docs) {
    return (float) (Math.log((1.0 + docs) / (1.0 + df)) + 1.0);
  }
}
