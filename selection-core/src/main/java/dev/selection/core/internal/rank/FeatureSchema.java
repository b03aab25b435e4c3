package dev.selection.core.internal.rank;

import dev.selection.api.FeatureGroup;
import dev.selection.api.SongFeatures;
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
 * {@link ColumnGroup} per learned-embedding kind the model was trained with ({@code efficientat},
 * {@code openl3}, a host's own), in the order of {@link #kinds()}: {@code <kind>_sim_*} against the
 * liked songs, {@code <kind>_dsim_*} against the contrast snapshot, the {@code <kind>_margin_*}
 * between them ({@link Side}, {@link Stat}) and {@code has_<kind>}. Code names a column through its
 * group's accessors or a named constant, never by offset from another column. Immutable.
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
  static final ColumnGroup TIMBRE = ColumnGroup.in(SongFeatures.TIMBRE, FIXED);

  /** The HPCP correlation: only its maximum over the liked songs is a column. */
  static final StatColumns HPCP = StatColumns.maxOnly(fixed("hpcp_corr_max"));

  static final int CHROMAPRINT = fixed("chromaprint_sim_max");
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
   * A statistic of a candidate's cosine similarities to its nearest neighbours in a reference set
   * (SPEC §7.2), by the suffix it has in column names.
   */
  public enum Stat {
    /** The largest cosine (the nearest neighbour). */
    MAX("max"),
    /** The mean of the five largest cosines. */
    TOP5_MEAN("top5_mean"),
    /** The mean of the twenty largest cosines. */
    TOP20_MEAN("top20_mean"),
    /** The cosine to the set's centroid. */
    CENTROID("centroid");

    private final String suffix;

    Stat(String suffix) {
      this.suffix = suffix;
    }

    /** Returns the column-name suffix, e.g. {@code top5_mean}. */
    public String suffix() {
      return suffix;
    }
  }

  /**
   * Which neighbours a group's statistics are measured against, by the infix it has in column
   * names: the liked songs, the disliked contrast snapshot, or the margin between the two (liked
   * minus disliked).
   */
  public enum Side {
    /** Against the liked songs: {@code <kind>_sim_*}, every {@link Stat}. */
    LIKED("sim", List.of(Stat.MAX, Stat.TOP5_MEAN, Stat.TOP20_MEAN, Stat.CENTROID)),
    /**
     * Against the disliked contrast snapshot: {@code <kind>_dsim_*}; a top-5 list is kept there,
     * not a top-20 one (cheaper, and the top-20 mean added nothing in the prototype).
     */
    DISLIKED("dsim", List.of(Stat.MAX, Stat.TOP5_MEAN, Stat.CENTROID)),
    /** Liked minus disliked statistic: {@code <kind>_margin_*}. */
    MARGIN("margin", List.of(Stat.MAX, Stat.TOP5_MEAN, Stat.CENTROID));

    private final String infix;
    private final List<Stat> stats;

    Side(String infix, List<Stat> stats) {
      this.infix = infix;
      this.stats = stats;
    }

    /** Returns the column-name infix, e.g. {@code dsim}. */
    public String infix() {
      return infix;
    }

    /** Returns the statistics this side has columns for, in column order. */
    public List<Stat> stats() {
      return stats;
    }

    /** Returns the column name of a statistic of a vector kind on this side. */
    public String column(String kind, Stat stat) {
      return kind + "_" + infix + "_" + stat.suffix();
    }
  }

  /**
   * The columns of one side's statistics, -1 for a statistic that has no column there.
   *
   * @param max the {@link Stat#MAX} column
   * @param top5Mean the {@link Stat#TOP5_MEAN} column
   * @param top20Mean the {@link Stat#TOP20_MEAN} column
   * @param centroid the {@link Stat#CENTROID} column
   */
  public record StatColumns(int max, int top5Mean, int top20Mean, int centroid) {
    /** Returns the columns of a set whose only statistic is its maximum. */
    static StatColumns maxOnly(int max) {
      return new StatColumns(max, -1, -1, -1);
    }

    /** Looks up a side's statistics of a kind in a list of column names. */
    static StatColumns in(String kind, Side side, List<String> names) {
      int[] col = {-1, -1, -1, -1};
      for (Stat s : side.stats()) {
        col[s.ordinal()] = indexIn(names, side.column(kind, s));
      }
      return new StatColumns(col[0], col[1], col[2], col[3]);
    }
  }

  /**
   * The column group of one vector kind (a learned embedding or the timbre descriptor): its
   * statistics against the liked songs, against the contrast snapshot, their margins, and its
   * presence flag {@code has_<kind>}. Column indices are looked up by name, so a group is exactly
   * what its names say.
   *
   * @param kind the vector kind
   * @param liked the {@code <kind>_sim_*} columns
   * @param disliked the {@code <kind>_dsim_*} columns
   * @param margin the {@code <kind>_margin_*} columns
   * @param has the {@code has_<kind>} column
   */
  public record ColumnGroup(
      String kind, StatColumns liked, StatColumns disliked, StatColumns margin, int has) {
    /** Returns a side's columns. */
    public StatColumns side(Side side) {
      return switch (side) {
        case LIKED -> liked;
        case DISLIKED -> disliked;
        case MARGIN -> margin;
      };
    }

    /** The group's column names for a kind, in order: every side's statistics, then the flag. */
    static List<String> names(String kind) {
      List<String> n = new ArrayList<>();
      for (Side side : Side.values()) {
        for (Stat s : side.stats()) {
          n.add(side.column(kind, s));
        }
      }
      n.add("has_" + kind);
      return List.copyOf(n);
    }

    /** Looks up a kind's group in a list of column names. */
    static ColumnGroup in(String kind, List<String> names) {
      return new ColumnGroup(
          kind,
          StatColumns.in(kind, Side.LIKED, names),
          StatColumns.in(kind, Side.DISLIKED, names),
          StatColumns.in(kind, Side.MARGIN, names),
          indexIn(names, "has_" + kind));
    }
  }

  private final List<String> kinds;
  private final List<ColumnGroup> embeddings;
  private final List<String> names;

  private FeatureSchema(List<String> kinds) {
    this.kinds = List.copyOf(kinds);
    List<String> n = new ArrayList<>(FIXED);
    for (String kind : this.kinds) {
      if (!kind.matches("[a-z0-9][a-z0-9_-]*") || kind.equals(SongFeatures.TIMBRE)) {
        throw new IllegalArgumentException("Bad embedding kind for a column name: " + kind);
      }
      n.addAll(ColumnGroup.names(kind));
    }
    if (this.kinds.stream().distinct().count() != this.kinds.size()) {
      throw new IllegalArgumentException("Repeated embedding kind: " + kinds);
    }
    this.names = List.copyOf(n);
    List<ColumnGroup> groups = new ArrayList<>();
    for (String kind : this.kinds) {
      groups.add(ColumnGroup.in(kind, this.names));
    }
    this.embeddings = List.copyOf(groups);
  }

  /** Returns the schema with a column group for each of {@code kinds}, in that order. */
  public static FeatureSchema of(List<String> kinds) {
    return new FeatureSchema(Objects.requireNonNull(kinds, "kinds"));
  }

  /**
   * Returns the fixed columns of a feature group a host can leave out: its values and its presence
   * flags.
   */
  public static int[] columnsOf(FeatureGroup group) {
    List<String> names =
        switch (group) {
          case BITRATE -> List.of("bitrate_kbps", "has_bitrate");
          case DURATION -> List.of("duration_diff_min", "has_duration");
          case METADATA ->
              List.of(
                  "artist_match_any",
                  "album_match_any",
                  "genre_jaccard_max",
                  "year_diff_min",
                  "text_sim_max",
                  "has_artist",
                  "has_album",
                  "has_genres",
                  "has_year",
                  "has_text");
          case TEMPO -> List.of("bpm_diff_min", "bpm_diff_min_octave", "has_bpm");
          case KEY -> List.of("key_dist_min_camelot", "key_dist_min_semitone", "has_key");
          case LOUDNESS -> List.of("rms_mean", "has_rms");
        };
    return names.stream().mapToInt(FeatureSchema::fixed).toArray();
  }

  /** Returns the embedding kinds, in column order. */
  public List<String> kinds() {
    return kinds;
  }

  /** Returns the column group of each embedding kind, in {@link #kinds()} order. */
  public List<ColumnGroup> embeddings() {
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
  static final List<String> PREFERRED = List.of(SongFeatures.EFFICIENTAT, SongFeatures.OPENL3);

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
    return indexIn(FIXED, name);
  }

  private static int indexIn(List<String> names, String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("Unknown feature " + name);
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
