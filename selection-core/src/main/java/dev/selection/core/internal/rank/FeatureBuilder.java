package dev.selection.core.internal.rank;

import static dev.selection.core.internal.rank.FeatureSchema.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds the GBDT feature rows of SPEC §7.2: each candidate against a {@link LikedSet}, with
 * leave-one-out for a candidate that is itself liked (its own row is skipped in every statistic, so a
 * training positive does not see itself). Missing inputs give NaN and a false {@code has_*} flag.
 *
 * <p>Definitions: cosine statistics as in {@link SimilarityKernel}; {@code chromaprint_sim_max} is the
 * largest {@code 1 - hamming(simhash_c, simhash_l) / 64}; {@code hpcp_corr_max} the largest Pearson
 * correlation of the 12-bin HPCPs (no circular shift); {@code bpm_diff_min} the smallest absolute BPM
 * difference, {@code bpm_diff_min_octave} the same over the candidate's BPM ×½, ×1, ×2;
 * {@code key_dist_min_camelot} the smallest Camelot-wheel distance and {@code key_dist_min_semitone} the
 * smallest tonic semitone distance, each +1 when the mode differs; {@code duration_diff_min} and
 * {@code year_diff_min} smallest absolute differences (s, years); {@code artist_match_any} and
 * {@code album_match_any} 1 when a liked song has the same (case-insensitive) value, else 0;
 * {@code genre_jaccard_max} the largest Jaccard index of genre sets; {@code text_sim_max} the largest
 * TF-IDF cosine; {@code bitrate_kbps}, {@code rms_mean} the candidate's own values. Thread-safe.
 */
public final class FeatureBuilder {
  private final SimilarityKernel kernel;
  private final int threads;

  /**
   * Creates a builder.
   *
   * @param kernel the similarity kernel
   * @param threads most threads for the similarity kernel
   */
  public FeatureBuilder(SimilarityKernel kernel, int threads) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    this.threads = threads;
  }

  /** Builds one feature row per candidate, in order. */
  public FeatureMatrix build(List<PreparedSong> rows, LikedSet liked) {
    int n = rows.size();
    float[] v = new float[n * COLUMNS];
    Arrays.fill(v, Float.NaN);
    int[] self = new int[n];
    for (int i = 0; i < n; i++) {
      self[i] = liked.indexOf(rows.get(i).id);
    }
    similarity(rows, self, liked.openl3, liked.openl3Row, s -> s.openl3, OPENL3_MAX, v, true);
    similarity(rows, self, liked.timbre, liked.timbreRow, s -> s.timbre, TIMBRE_MAX, v, true);
    similarity(rows, self, liked.hpcp, liked.hpcpRow, s -> s.hpcp, HPCP, v, false);
    double[] textAcc = new double[liked.size()];
    int[] touched = new int[liked.size()];
    for (int i = 0; i < n; i++) {
      scalars(rows.get(i), self[i], liked, v, i * COLUMNS, textAcc, touched);
    }
    List<String> ids = new ArrayList<>(n);
    for (PreparedSong s : rows) {
      ids.add(s.id);
    }
    return new FeatureMatrix(ids, v);
  }

  private void similarity(List<PreparedSong> rows, int[] selfSong, VectorBlock likedBlock,
      int[] likedRowOf, Function<PreparedSong, float[]> get, int col, float[] v, boolean allStats) {
    if (likedBlock == null) {
      return;
    }
    List<float[]> vecs = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    List<Integer> selfRows = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      float[] x = get.apply(rows.get(i));
      if (x != null && x.length == likedBlock.dim()) {
        vecs.add(x);
        where.add(i);
        selfRows.add(selfSong[i] < 0 ? -1 : likedRowOf[selfSong[i]]);
      }
    }
    if (vecs.isEmpty()) {
      return;
    }
    int[] self = selfRows.stream().mapToInt(Integer::intValue).toArray();
    SimilarityStats st = kernel.compute(
        VectorBlock.normalized(vecs, likedBlock.dim()), likedBlock, self, threads);
    for (int k = 0; k < where.size(); k++) {
      int o = where.get(k) * COLUMNS + col;
      v[o] = st.max()[k];
      if (allStats) {
        v[o + 1] = st.top5Mean()[k];
        v[o + 2] = st.top20Mean()[k];
        v[o + 3] = st.centroid()[k];
      }
    }
  }

  private static void scalars(PreparedSong c, int self, LikedSet liked, float[] v, int o,
      double[] textAcc, int[] touched) {
    v[o + HAS_OPENL3] = flag(c.openl3 != null);
    v[o + HAS_TIMBRE] = flag(c.timbre != null);
    v[o + HAS_HPCP] = flag(c.hpcp != null);
    v[o + HAS_CHROMAPRINT] = flag(c.hasSimhash);
    v[o + HAS_BPM] = flag(!Double.isNaN(c.bpm));
    v[o + HAS_KEY] = flag(c.key != null);
    v[o + HAS_DURATION] = flag(!Double.isNaN(c.durationSec));
    v[o + HAS_BITRATE] = flag(!Double.isNaN(c.bitrateKbps));
    v[o + HAS_RMS] = flag(!Double.isNaN(c.rmsMean));
    v[o + HAS_ARTIST] = flag(c.artist != null);
    v[o + HAS_ALBUM] = flag(c.album != null);
    v[o + HAS_GENRES] = flag(!c.genres.isEmpty());
    v[o + HAS_YEAR] = flag(!Double.isNaN(c.year));
    v[o + HAS_TEXT] = flag(!c.text.isEmpty());
    v[o + BITRATE] = (float) c.bitrateKbps;
    v[o + RMS] = (float) c.rmsMean;

    double chroma = Double.NaN;
    double bpm = Double.NaN;
    double bpmOct = Double.NaN;
    int camelot = Integer.MAX_VALUE;
    int semis = Integer.MAX_VALUE;
    double dur = Double.NaN;
    double year = Double.NaN;
    double jac = Double.NaN;
    List<PreparedSong> songs = liked.songs;
    for (int l = 0; l < songs.size(); l++) {
      if (l == self) {
        continue;
      }
      PreparedSong s = songs.get(l);
      if (c.hasSimhash && s.hasSimhash) {
        chroma = nanMax(chroma, 1.0 - Long.bitCount(c.simhash ^ s.simhash) / 64.0);
      }
      if (!Double.isNaN(c.bpm) && !Double.isNaN(s.bpm)) {
        bpm = nanMin(bpm, Math.abs(c.bpm - s.bpm));
        double oct = Math.min(Math.abs(c.bpm - s.bpm),
            Math.min(Math.abs(c.bpm * 0.5 - s.bpm), Math.abs(c.bpm * 2 - s.bpm)));
        bpmOct = nanMin(bpmOct, oct);
      }
      if (c.key != null && s.key != null) {
        camelot = Math.min(camelot, c.key.camelotDistance(s.key));
        semis = Math.min(semis, c.key.semitoneDistance(s.key));
      }
      if (!Double.isNaN(c.durationSec) && !Double.isNaN(s.durationSec)) {
        dur = nanMin(dur, Math.abs(c.durationSec - s.durationSec));
      }
      if (!Double.isNaN(c.year) && !Double.isNaN(s.year)) {
        year = nanMin(year, Math.abs(c.year - s.year));
      }
      if (!c.genres.isEmpty() && !s.genres.isEmpty()) {
        int inter = 0;
        for (String g : c.genres) {
          if (s.genres.contains(g)) {
            inter++;
          }
        }
        jac = nanMax(jac, inter / (double) (c.genres.size() + s.genres.size() - inter));
      }
    }
    v[o + CHROMAPRINT] = (float) chroma;
    v[o + BPM] = (float) bpm;
    v[o + BPM_OCTAVE] = (float) bpmOct;
    v[o + KEY_CAMELOT] = camelot == Integer.MAX_VALUE ? Float.NaN : camelot;
    v[o + KEY_SEMITONE] = semis == Integer.MAX_VALUE ? Float.NaN : semis;
    v[o + DURATION] = (float) dur;
    v[o + YEAR] = (float) year;
    v[o + GENRE] = (float) jac;
    PreparedSong me = self >= 0 ? songs.get(self) : null;
    v[o + ARTIST] = match(c.artist, liked.artistCount, me == null ? null : me.artist);
    v[o + ALBUM] = match(c.album, liked.albumCount, me == null ? null : me.album);
    v[o + TEXT] = text(c, self, liked, textAcc, touched);
  }

  /** 1 when another liked song has the value, 0 when liked songs have values but not this one. */
  private static float match(String value, Map<String, Integer> counts, String selfValue) {
    if (value == null) {
      return Float.NaN;
    }
    int total = 0;
    for (int x : counts.values()) {
      total += x;
    }
    if (selfValue != null) {
      total--;
    }
    if (total <= 0) {
      return Float.NaN;
    }
    int same = counts.getOrDefault(value, 0) - (value.equals(selfValue) ? 1 : 0);
    return same > 0 ? 1f : 0f;
  }

  private static float text(PreparedSong c, int self, LikedSet liked, double[] acc, int[] touched) {
    if (c.text.isEmpty() || liked.textSongs.isEmpty()) {
      return Float.NaN;
    }
    int nt = 0;
    for (Map.Entry<String, Float> e : c.text.entrySet()) {
      int[] ids = liked.textSongs.get(e.getKey());
      if (ids == null) {
        continue;
      }
      float[] ws = liked.textWeights.get(e.getKey());
      for (int k = 0; k < ids.length; k++) {
        int l = ids[k];
        if (l == self) {
          continue;
        }
        if (acc[l] == 0) {
          touched[nt++] = l;
        }
        acc[l] += (double) ws[k] * e.getValue();
      }
    }
    double best = 0;
    for (int k = 0; k < nt; k++) {
      best = Math.max(best, acc[touched[k]]);
      acc[touched[k]] = 0;
    }
    return (float) Math.min(1.0, best);
  }

  private static float flag(boolean b) {
    return b ? 1f : 0f;
  }

  private static double nanMax(double a, double b) {
    return Double.isNaN(a) ? b : Math.max(a, b);
  }

  private static double nanMin(double a, double b) {
    return Double.isNaN(a) ? b : Math.min(a, b);
  }
}
