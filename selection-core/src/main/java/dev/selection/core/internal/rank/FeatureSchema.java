package dev.selection.core.internal.rank;

import java.util.List;

/**
 * The GBDT feature columns (SPEC §7.2), in column order, and the feature-set version stored with every
 * model. A model whose manifest names another version or other columns is never used (retrain).
 */
public final class FeatureSchema {
  /**
   * Version of the feature builder. Bump whenever a column is added, removed, reordered or computed
   * differently; models trained with another version are refused with {@code model_load_failed}.
   */
  public static final String FEATURE_SET_VERSION = "2";

  /** Expected length of an OpenL3 embedding. */
  public static final int OPENL3_DIM = 512;

  /** Column names, in order. */
  public static final List<String> NAMES = List.of(
      "openl3_sim_max", "openl3_sim_top5_mean", "openl3_sim_top20_mean", "openl3_sim_centroid",
      "timbre_sim_max", "timbre_sim_top5_mean", "timbre_sim_top20_mean", "timbre_sim_centroid",
      "openl3_dsim_max", "openl3_dsim_top5_mean", "openl3_dsim_centroid",
      "openl3_margin_max", "openl3_margin_top5_mean", "openl3_margin_centroid",
      "timbre_dsim_max", "timbre_dsim_top5_mean", "timbre_dsim_centroid",
      "timbre_margin_max", "timbre_margin_top5_mean", "timbre_margin_centroid",
      "chromaprint_sim_max", "hpcp_corr_max",
      "bpm_diff_min", "bpm_diff_min_octave",
      "key_dist_min_camelot", "key_dist_min_semitone",
      "duration_diff_min", "bitrate_kbps", "rms_mean",
      "artist_match_any", "album_match_any", "genre_jaccard_max", "year_diff_min", "text_sim_max",
      "has_openl3", "has_timbre", "has_chromaprint", "has_hpcp", "has_bpm", "has_key",
      "has_duration", "has_bitrate", "has_rms", "has_artist", "has_album", "has_genres", "has_year",
      "has_text");

  static final int OPENL3_MAX = col("openl3_sim_max");
  static final int TIMBRE_MAX = col("timbre_sim_max");
  static final int OPENL3_DSIM_MAX = col("openl3_dsim_max");
  static final int OPENL3_MARGIN_MAX = col("openl3_margin_max");
  static final int TIMBRE_DSIM_MAX = col("timbre_dsim_max");
  static final int TIMBRE_MARGIN_MAX = col("timbre_margin_max");
  static final int CHROMAPRINT = col("chromaprint_sim_max");
  static final int HPCP = col("hpcp_corr_max");
  static final int BPM = col("bpm_diff_min");
  static final int BPM_OCTAVE = col("bpm_diff_min_octave");
  static final int KEY_CAMELOT = col("key_dist_min_camelot");
  static final int KEY_SEMITONE = col("key_dist_min_semitone");
  static final int DURATION = col("duration_diff_min");
  static final int BITRATE = col("bitrate_kbps");
  static final int RMS = col("rms_mean");
  static final int ARTIST = col("artist_match_any");
  static final int ALBUM = col("album_match_any");
  static final int GENRE = col("genre_jaccard_max");
  static final int YEAR = col("year_diff_min");
  static final int TEXT = col("text_sim_max");
  static final int HAS_OPENL3 = col("has_openl3");
  static final int HAS_TIMBRE = col("has_timbre");
  static final int HAS_CHROMAPRINT = col("has_chromaprint");
  static final int HAS_HPCP = col("has_hpcp");
  static final int HAS_BPM = col("has_bpm");
  static final int HAS_KEY = col("has_key");
  static final int HAS_DURATION = col("has_duration");
  static final int HAS_BITRATE = col("has_bitrate");
  static final int HAS_RMS = col("has_rms");
  static final int HAS_ARTIST = col("has_artist");
  static final int HAS_ALBUM = col("has_album");
  static final int HAS_GENRES = col("has_genres");
  static final int HAS_YEAR = col("has_year");
  static final int HAS_TEXT = col("has_text");

  /** Number of columns. */
  public static final int COLUMNS = NAMES.size();

  private FeatureSchema() { }

  private static int col(String name) {
    return NAMES.indexOf(name);
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

  /** Returns the column index of a feature name. */
  public static int indexOf(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("Unknown feature " + name);
    }
    return i;
  }
}
