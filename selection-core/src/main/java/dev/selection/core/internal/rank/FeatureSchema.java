package dev.selection.core.internal.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The GBDT feature columns (SPEC §7.2) of one model, in column order, and the feature-set version
 * stored with every model. A model whose manifest names another version or other columns is never
 * used (retrain).
 *
 * <p>The columns are the fixed ones ({@link #FIXED}: timbre similarity and contrast, Chromaprint,
 * HPCP, tempo, key, duration, bitrate, loudness, metadata and their {@code has_*} flags), then one
 * group of {@link EmbeddingColumns#SIZE} columns per learned-embedding kind the model was trained
 * with ({@code efficientat}, {@code openl3}, a host's own), in the order of {@link #kinds()}:
 * {@code <kind>_sim_*} against the liked songs, {@code <kind>_dsim_*} against the contrast
 * snapshot, the {@code <kind>_margin_*} between them and {@code has_<kind>}. Immutable.
 */
public final class FeatureSchema {
  /**
   * Version of the feature builder. Bump whenever a column is added, removed, reordered or computed
   * differently; models trained with another version are refused with {@code model_load_failed}. 3:
   * a column group per embedding kind (the built-in EfficientAT embedding), standardised with
   * library statistics.
   */
  public static final String FEATURE_SET_VERSION = "3";

  /** The fixed columns, in order. */
  public static final List<String> FIXED =
      List.of(
          "timbre_sim_max",
          "timbre_sim_top5_mean",
          "timbre_sim_top20_mean",
          "timbre_sim_centroid",
          "timbre_dsim_max",
          "timbre_dsim_top5_mean",
          "timbre_dsim_centroid",
          "timbre_margin_max",
          "timbre_margin_top5_mean",
          "timbre_margin_centroid",
          "chromaprint_sim_max",
          "hpcp_corr_max",
          "bpm_diff_min",
          "bpm_diff_min_octave",
          "key_dist_min_camelot",
          "key_dist_min_semitone",
          "duration_diff_min",
          "bitrate_kbps",
          "rms_mean",
          "artist_match_any",
          "album_match_any",
          "genre_jaccard_max",
          "year_diff_min",
          "text_sim_max",
          "has_timbre",
          "has_chromaprint",
          "has_hpcp",
          "has_bpm",
          "has_key",
          "has_duration",
          "has_bitrate",
          "has_rms",
          "has_artist",
          "has_album",
          "has_genres",
          "has_year",
          "has_text");

  /** The timbre descriptor's similarity columns. */
  static final EmbeddingColumns TIMBRE =
      new EmbeddingColumns(
          "timbre",
          fixed("timbre_sim_max"),
          fixed("timbre_dsim_max"),
          fixed("timbre_margin_max"),
          fixed("has_timbre"));

  static final int CHROMAPRINT = fixed("chromaprint_sim_max");
  static final int HPCP = fixed("hpcp_corr_max");
  static final int BPM = fixed("bpm_diff_min");
  static final int BPM_OCTAVE = fixed("bpm_diff_min_octave");
  static final int KEY_CAMELOT = fixed("key_dist_min_camelot");
  static final int KEY_SEMITONE = fixed("key_dist_min_semitone");
  static final int DURATION = fixed("duration_diff_min");
  static final int BITRATE = fixed("bitrate_kbps");
  static final int RMS = fixed("rms_mean");
  static final int ARTIST = fixed("artist_match_any");
  static final int ALBUM = fixed("album_match_any");
  static final int GENRE = fixed("genre_jaccard_max");
  static final int YEAR = fixed("year_diff_min");
  static final int TEXT = fixed("text_sim_max");
  static final int HAS_CHROMAPRINT = fixed("has_chromaprint");
  static final int HAS_HPCP = fixed("has_hpcp");
  static final int HAS_BPM = fixed("has_bpm");
  static final int HAS_KEY = fixed("has_key");
  static final int HAS_DURATION = fixed("has_duration");
  static final int HAS_BITRATE = fixed("has_bitrate");
  static final int HAS_RMS = fixed("has_rms");
  static final int HAS_ARTIST = fixed("has_artist");
  static final int HAS_ALBUM = fixed("has_album");
  static final int HAS_GENRES = fixed("has_genres");
  static final int HAS_YEAR = fixed("has_year");
  static final int HAS_TEXT = fixed("has_text");

  /**
   * Where one vector kind's columns are: the liked-side statistics (max, top-5 mean, top-20 mean,
   * centroid), the contrast side (max, top-5 mean, centroid), the margins (max, top-5 mean,
   * centroid) and the presence flag.
   *
   * @param kind the vector kind
   * @param sim first of the four liked-side columns
   * @param dsim first of the three contrast-side columns
   * @param margin first of the three margin columns
   * @param has the {@code has_<kind>} column
   */
  public record EmbeddingColumns(String kind, int sim, int dsim, int margin, int has) {
    /** Columns in an embedding kind's group. */
    public static final int SIZE = 11;

    /** Returns the liked-side centroid column. */
    public int simCentroid() {
      return sim + 3;
    }

    /** The group's column names for a kind, in order. */
    static List<String> names(String kind) {
      return List.of(
          kind + "_sim_max",
          kind + "_sim_top5_mean",
          kind + "_sim_top20_mean",
          kind + "_sim_centroid",
          kind + "_dsim_max",
          kind + "_dsim_top5_mean",
          kind + "_dsim_centroid",
          kind + "_margin_max",
          kind + "_margin_top5_mean",
          kind + "_margin_centroid",
          "has_" + kind);
    }
  }

  private final List<String> kinds;
  private final List<EmbeddingColumns> embeddings;
  private final List<String> names;

  private FeatureSchema(List<String> kinds) {
    this.kinds = List.copyOf(kinds);
    List<String> n = new ArrayList<>(FIXED);
    List<EmbeddingColumns> groups = new ArrayList<>();
    for (String kind : this.kinds) {
      if (!kind.matches("[a-z0-9][a-z0-9_-]*") || kind.equals("timbre")) {
        throw new IllegalArgumentException("Bad embedding kind for a column name: " + kind);
      }
      int base = n.size();
      groups.add(new EmbeddingColumns(kind, base, base + 4, base + 7, base + 10));
      n.addAll(EmbeddingColumns.names(kind));
    }
    if (groups.stream().map(EmbeddingColumns::kind).distinct().count() != groups.size()) {
      throw new IllegalArgumentException("Repeated embedding kind: " + kinds);
    }
    this.embeddings = List.copyOf(groups);
    this.names = List.copyOf(n);
  }

  /** Returns the schema with a column group for each of {@code kinds}, in that order. */
  public static FeatureSchema of(List<String> kinds) {
    return new FeatureSchema(Objects.requireNonNull(kinds, "kinds"));
  }

  /** Returns the embedding kinds, in column order. */
  public List<String> kinds() {
    return kinds;
  }

  /** Returns the column group of each embedding kind, in {@link #kinds()} order. */
  public List<EmbeddingColumns> embeddings() {
    return embeddings;
  }

  /**
   * Returns XGBoost's monotone constraint of every column: +1 where a larger value can only raise
   * the score (similarity to the liked songs, liked-minus-disliked margins, metadata matches), -1
   * where it can only lower it (similarity to the disliked songs, distances to the nearest liked
   * value of tempo, key, duration and year), 0 for the rest (the song's own values and the presence
   * flags).
   */
  public int[] monotoneConstraints() {
    int[] m = new int[names.size()];
    for (int i = 0; i < m.length; i++) {
      String n = names.get(i);
      if (n.contains("_dsim_")) {
        m[i] = -1;
      } else if (n.contains("_sim_")
          || n.contains("_margin_")
          || n.equals("hpcp_corr_max")
          || n.endsWith("_match_any")
          || n.equals("genre_jaccard_max")) {
        m[i] = 1;
      } else if (n.endsWith("_diff_min")
          || n.endsWith("_diff_min_octave")
          || n.startsWith("key_dist_min")) {
        m[i] = -1;
      }
    }
    return m;
  }

  /** Kinds preferred for explanations and the baseline, best first; other kinds follow. */
  static final List<String> PREFERRED =
      List.of(dev.selection.api.SongFeatures.EFFICIENTAT, dev.selection.api.SongFeatures.OPENL3);

  /**
   * Returns the indices of {@link #kinds()} in order of preference: EfficientAT (the ranker's best
   * single signal on real music, docs/efficientat.md), then OpenL3, then the others in column
   * order.
   */
  public List<Integer> preferredKinds() {
    List<Integer> out = new ArrayList<>();
    for (String p : PREFERRED) {
      int i = kinds.indexOf(p);
      if (i >= 0) {
        out.add(i);
      }
    }
    for (int i = 0; i < kinds.size(); i++) {
      if (!out.contains(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /** Returns the column names, in order. */
  public List<String> names() {
    return names;
  }

  /** Returns the number of columns. */
  public int columns() {
    return names.size();
  }

  /**
   * Returns the column index of a feature name.
   *
   * @throws IllegalArgumentException for a name this schema does not have
   */
  public int indexOf(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("Unknown feature " + name);
    }
    return i;
  }

  /**
   * Returns whether a model's feature-set version is older than this SDK's (a model to retrain);
   * false for this version, newer ones and versions that are not numbers.
   */
  public static boolean isOlder(String version) {
    try {
      return Integer.parseInt(version) < Integer.parseInt(FEATURE_SET_VERSION);
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
  }

  private static int fixed(String name) {
    int i = FIXED.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("Unknown fixed feature " + name);
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSchema s && kinds.equals(s.kinds);
  }

  @Override
  public int hashCode() {
    return kinds.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureSchema[v"
        + FEATURE_SET_VERSION
        + ", kinds="
        + kinds
        + ", "
        + columns()
        + " columns]";
  }
}
