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
  public static final String FEATURE_SET_VERSION = "1";

  /** Expected length of an OpenL3 embedding. */
  public static final int OPENL3_DIM = 512;

  /** Column names, in order. */
  public static final List<String> NAMES = List.of(
      "openl3_sim_max", "openl3_sim_top5_mean", "openl3_sim_top20_mean", "openl3_sim_centroid",
      "timbre_sim_max", "timbre_sim_top5_mean", "timbre_sim_top20_mean", "timbre_sim_centroid",
      "chromaprint_sim_max", "hpcp_corr_max",
      "bpm_diff_min", "bpm_diff_min_octave",
      "key_dist_min_camelot", "key_dist_min_semitone",
      "duration_diff_min", "bitrate_kbps", "rms_mean",
      "artist_match_any", "album_match_any", "genre_jaccard_max", "year_diff_min", "text_sim_max",
      "has_openl3", "has_timbre", "has_chromaprint", "has_hpcp", "has_bpm", "has_key",
      "has_duration", "has_bitrate", "has_rms", "has_artist", "has_album", "has_genres", "has_year",
      "has_text");

  static final int OPENL3_MAX = 0;
  static final int TIMBRE_MAX = 4;
  static final int CHROMAPRINT = 8;
  static final int HPCP = 9;
  static final int BPM = 10;
  static final int BPM_OCTAVE = 11;
  static final int KEY_CAMELOT = 12;
  static final int KEY_SEMITONE = 13;
  static final int DURATION = 14;
  static final int BITRATE = 15;
  static final int RMS = 16;
  static final int ARTIST = 17;
  static final int ALBUM = 18;
  static final int GENRE = 19;
  static final int YEAR = 20;
  static final int TEXT = 21;
  static final int HAS_OPENL3 = 22;
  static final int HAS_TIMBRE = 23;
  static final int HAS_CHROMAPRINT = 24;
  static final int HAS_HPCP = 25;
  static final int HAS_BPM = 26;
  static final int HAS_KEY = 27;
  static final int HAS_DURATION = 28;
  static final int HAS_BITRATE = 29;
  static final int HAS_RMS = 30;
  static final int HAS_ARTIST = 31;
  static final int HAS_ALBUM = 32;
  static final int HAS_GENRES = 33;
  static final int HAS_YEAR = 34;
  static final int HAS_TEXT = 35;

  /** Number of columns. */
  public static final int COLUMNS = NAMES.size();

  private FeatureSchema() { }

  /** Returns the column index of a feature name. */
  public static int indexOf(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("Unknown feature " + name);
    }
    return i;
  }
}
