package dev.selection.core.internal.rank;

import static dev.selection.core.internal.rank.FeatureSchema.*;

import dev.selection.api.FeatureGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the GBDT feature rows of SPEC §7.2: each candidate against a {@link ReferenceSet}, with
 * leave-one-out for a candidate that is itself liked (its own row is skipped in every statistic, so
 * a training positive does not see itself). Missing inputs give NaN and a false {@code has_*} flag.
 *
 * <p>Beyond SPEC §7.2: the same cosine statistics for every learned-embedding kind of the schema
 * ({@code efficientat_sim_*}, {@code openl3_sim_*}, ...), and against the model's <em>disliked</em>
 * snapshot ({@code *_dsim_*}, leave-one-out for disliked training samples) and the
 * liked-minus-disliked margins ({@code *_margin_max}, {@code *_margin_top5_mean}, {@code
 * *_margin_centroid}). The liked-only statistics describe "close to what I like"; the margins add
 * "closer to what I like than to what I rejected", the nearest-neighbour contrast a tree ensemble
 * cannot form from the liked side alone (docs/quality.md measures what it adds on real music).
 *
 * <p>Definitions: cosine statistics as in {@link SimilarityKernel}; {@code chromaprint_sim_max} is
 * the largest {@code 1 - hamming(simhash_c, simhash_l) / 64}; {@code hpcp_corr_max} the largest
 * Pearson correlation of the 12-bin HPCPs (no circular shift); {@code bpm_diff_min} the smallest
 * absolute BPM difference, {@code bpm_diff_min_octave} the same over the candidate's BPM ×½, ×1,
 * ×2; {@code key_dist_min_camelot} the smallest Camelot-wheel distance and {@code
 * key_dist_min_semitone} the smallest tonic semitone distance, each +1 when the mode differs;
 * {@code duration_diff_min} and {@code year_diff_min} smallest absolute differences (s, years);
 * {@code artist_match_any} and {@code album_match_any} 1 when a liked song has the same
 * (case-insensitive) value, else 0; {@code genre_jaccard_max} the largest Jaccard index of genre
 * sets; {@code text_sim_max} the largest TF-IDF cosine; {@code bitrate_kbps}, {@code rms_mean} the
 * candidate's own values. Thread-safe.
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

  /** Builds one feature row per candidate against the liked set only (no contrast columns). */
  public FeatureMatrix build(FeatureSchema schema, List<PreparedSong> rows, ReferenceSet liked) {
    return build(schema, rows, liked, null);
  }

  /**
   * Builds one feature row per candidate, in order.
   *
   * @param schema the columns; its embedding kinds are those the songs were prepared with
   * @param rows the candidates
   * @param liked the liked set every {@code *_sim_*} statistic is computed against
   * @param disliked the contrast set (the model's disliked snapshot) of the {@code *_dsim_*} and
   *     {@code *_margin_*} columns; null or empty leaves them NaN
   */
  public FeatureMatrix build(
      FeatureSchema schema, List<PreparedSong> rows, ReferenceSet liked, ReferenceSet disliked) {
    return build(schema, rows, liked, disliked, Set.of());
  }

  /**
   * Builds one feature row per candidate, in order, with the columns of the {@code excluded} groups
   * missing (NaN) in every row: the booster can never split on them.
   *
   * @param schema the columns; its embedding kinds are those the songs were prepared with
   * @param rows the candidates
   * @param liked the liked set every {@code *_sim_*} statistic is computed against
   * @param disliked the contrast set of the {@code *_dsim_*} and {@code *_margin_*} columns
   * @param excluded feature groups left out
   */
  public FeatureMatrix build(
      FeatureSchema schema,
      List<PreparedSong> rows,
      ReferenceSet liked,
      ReferenceSet disliked,
      Set<FeatureGroup> excluded) {
    FeatureMatrix x = fill(schema, rows, liked, disliked);
    float[] v = x.values();
    int columns = schema.columns();
    for (FeatureGroup g : excluded) {
      for (int c : FeatureSchema.columnsOf(g)) {
        for (int r = 0; r < rows.size(); r++) {
          v[r * columns + c] = Float.NaN;
        }
      }
    }
    return x;
  }

  private FeatureMatrix fill(
      FeatureSchema schema, List<PreparedSong> rows, ReferenceSet liked, ReferenceSet disliked) {
    int n = rows.size();
    int columns = schema.columns();
    float[] v = new float[n * columns];
    Arrays.fill(v, Float.NaN);
    int[] self = new int[n];
    for (int i = 0; i < n; i++) {
      self[i] = liked.indexOf(rows.get(i).id);
    }
    boolean contrast = disliked != null && disliked.size() > 0;
    int[] dself = null;
    if (contrast) {
      dself = new int[n];
      for (int i = 0; i < n; i++) {
        dself[i] = disliked.indexOf(rows.get(i).id);
      }
    }
    // Each kind's candidate vectors are packed once, for the liked and the disliked pass.
    List<FeatureSchema.ColumnGroup> groups = schema.embeddings();
    for (int k = 0; k < groups.size(); k++) {
      int kind = k;
      FeatureSchema.ColumnGroup g = groups.get(k);
      Packed packed =
          Packed.of(
              rows,
              s -> kind < s.embeddings.length ? s.embeddings[kind] : null,
              liked.embedding(k),
              contrast ? disliked.embedding(k) : null);
      vectorColumns(
          packed,
          g,
          self,
          dself,
          liked,
          liked.embedding(k) == null ? null : liked.embeddingRef[k],
          liked.embedding(k) == null ? null : liked.embeddingRow[k],
          contrast && disliked.embedding(k) != null ? disliked.embeddingRef[k] : null,
          contrast && disliked.embedding(k) != null ? disliked.embeddingRow[k] : null,
          v,
          columns);
      for (int i = 0; i < n; i++) {
        PreparedSong c = rows.get(i);
        v[i * columns + g.has()] = flag(k < c.embeddings.length && c.embeddings[k] != null);
      }
    }
    Packed timbre = Packed.of(rows, s -> s.timbre, liked.timbre, contrast ? disliked.timbre : null);
    vectorColumns(
        timbre,
        FeatureSchema.TIMBRE,
        self,
        dself,
        liked,
        liked.timbreRef,
        liked.timbreRow,
        contrast ? disliked.timbreRef : null,
        contrast ? disliked.timbreRow : null,
        v,
        columns);
    Packed hpcp = Packed.of(rows, s -> s.hpcp, liked.hpcp, null);
    similarity(hpcp, self, liked.hpcpRef, liked.hpcpRow, v, columns, 1, FeatureSchema.HPCP);
    double[] textAcc = new double[liked.size()];
    for (int i = 0; i < n; i++) {
      scalars(rows.get(i), self[i], liked, v, i * columns, textAcc);
    }
    List<String> ids = new ArrayList<>(n);
    for (PreparedSong s : rows) {
      ids.add(s.id);
    }
    return new FeatureMatrix(schema, ids, v);
  }

  /**
   * One vector kind's columns: the liked-side statistics, and with a contrast set the disliked-side
   * statistics (top-5 is enough there, and keeps its bookkeeping cheap) and the margins.
   */
  private void vectorColumns(
      Packed cand,
      FeatureSchema.ColumnGroup g,
      int[] self,
      int[] dself,
      ReferenceSet liked,
      SimilarityKernel.Reference ref,
      int[] rowOf,
      SimilarityKernel.Reference dref,
      int[] drowOf,
      float[] v,
      int columns) {
    similarity(cand, self, ref, rowOf, v, columns, SimilarityKernel.TOP, g.liked());
    if (dref == null) {
      return;
    }
    similarity(cand, dself, dref, drowOf, v, columns, 5, g.disliked());
    for (int i = 0; i < self.length; i++) {
      margins(v, i * columns, g);
    }
  }

  /**
   * Liked minus disliked statistic (max, top-5 mean, centroid): how much closer the candidate is to
   * what the user liked than to what they disliked. NaN when either side is missing.
   */
  private static void margins(float[] v, int o, FeatureSchema.ColumnGroup g) {
    FeatureSchema.StatColumns l = g.liked();
    FeatureSchema.StatColumns d = g.disliked();
    FeatureSchema.StatColumns m = g.margin();
    v[o + m.max()] = v[o + l.max()] - v[o + d.max()];
    v[o + m.top5Mean()] = v[o + l.top5Mean()] - v[o + d.top5Mean()];
    v[o + m.centroid()] = v[o + l.centroid()] - v[o + d.centroid()];
  }

  /** The candidates that have a vector of one kind, packed in a block, and their row numbers. */
  private record Packed(VectorBlock block, int[] where) {
    static Packed of(
        List<PreparedSong> rows,
        Function<PreparedSong, float[]> get,
        VectorBlock liked,
        VectorBlock disliked) {
      VectorBlock ref = liked != null ? liked : disliked;
      if (ref == null) {
        return null;
      }
      List<float[]> vecs = new ArrayList<>(rows.size());
      int[] where = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        float[] x = get.apply(rows.get(i));
        if (x != null && VectorBlock.paddedDim(x.length) == ref.dim()) {
          where[vecs.size()] = i;
          vecs.add(x);
        }
      }
      return vecs.isEmpty()
          ? null
          : new Packed(VectorBlock.packed(vecs, ref.dim()), Arrays.copyOf(where, vecs.size()));
    }
  }

  /**
   * Writes one kind's cosine statistics against a reference set (liked or disliked) into their
   * columns (a statistic without a column, -1, is not written), keeping the {@code keep} largest
   * cosines per candidate.
   */
  private void similarity(
      Packed cand,
      int[] selfSong,
      SimilarityKernel.Reference ref,
      int[] rowOf,
      float[] v,
      int columns,
      int keep,
      FeatureSchema.StatColumns cols) {
    if (cand == null || ref == null || cand.block.dim() != ref.block().dim()) {
      return;
    }
    int[] where = cand.where;
    int[] self = new int[where.length];
    for (int k = 0; k < where.length; k++) {
      int song = selfSong[where[k]];
      self[k] = song < 0 ? -1 : rowOf[song];
    }
    SimilarityStats st = kernel.compute(cand.block, ref, self, threads, keep);
    for (int k = 0; k < where.length; k++) {
      int o = where[k] * columns;
      v[o + cols.max()] = st.max()[k];
      if (cols.top5Mean() >= 0) {
        v[o + cols.top5Mean()] = st.top5Mean()[k];
      }
      if (cols.top20Mean() >= 0) {
        v[o + cols.top20Mean()] = st.top20Mean()[k];
      }
      if (cols.centroid() >= 0) {
        v[o + cols.centroid()] = st.centroid()[k];
      }
    }
  }

  private static void scalars(
      PreparedSong c, int self, ReferenceSet liked, float[] v, int o, double[] textAcc) {
    v[o + TIMBRE.has()] = flag(c.timbre != null);
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
    v[o + HAS_TEXT] = flag(c.hasText);
    v[o + BITRATE] = (float) c.bitrateKbps;
    v[o + RMS] = (float) c.rmsMean;

    List<PreparedSong> songs = liked.songs;
    PreparedSong me = self >= 0 ? songs.get(self) : null;
    // Nearest-value features by binary search in the liked set's sorted values (leave-one-out skips
    // one occurrence of the song's own value).
    double bpmSelf = me == null ? Double.NaN : me.bpm;
    v[o + BPM] = (float) ReferenceSet.nearest(liked.bpmSorted, c.bpm, bpmSelf);
    v[o + BPM_OCTAVE] =
        (float)
            nanMin(
                nanMin(
                    ReferenceSet.nearest(liked.bpmSorted, c.bpm, bpmSelf),
                    ReferenceSet.nearest(liked.bpmSorted, c.bpm * 0.5, bpmSelf)),
                ReferenceSet.nearest(liked.bpmSorted, c.bpm * 2, bpmSelf));
    v[o + DURATION] =
        (float)
            ReferenceSet.nearest(
                liked.durationSorted, c.durationSec, me == null ? Double.NaN : me.durationSec);
    v[o + YEAR] =
        (float) ReferenceSet.nearest(liked.yearSorted, c.year, me == null ? Double.NaN : me.year);
    // 24 keys: the liked set keeps a count per key.
    if (c.key != null) {
      int ck = ReferenceSet.keyIndex(c.key);
      int sk = me == null || me.key == null ? -1 : ReferenceSet.keyIndex(me.key);
      int camelot = Integer.MAX_VALUE;
      int semis = Integer.MAX_VALUE;
      for (int k = 0; k < 24; k++) {
        if (liked.keyCount[k] - (k == sk ? 1 : 0) > 0) {
          camelot = Math.min(camelot, ReferenceSet.CAMELOT[ck][k]);
          semis = Math.min(semis, ReferenceSet.SEMITONE[ck][k]);
        }
      }
      v[o + KEY_CAMELOT] = camelot == Integer.MAX_VALUE ? Float.NaN : camelot;
      v[o + KEY_SEMITONE] = semis == Integer.MAX_VALUE ? Float.NaN : semis;
    }
    double chroma = Double.NaN;
    if (c.hasSimhash) {
      int bestBits = Integer.MAX_VALUE;
      long[] hashes = liked.simhash;
      boolean[] has = liked.hasSimhash;
      for (int l = 0; l < hashes.length; l++) {
        if (has[l] && l != self) {
          bestBits = Math.min(bestBits, Long.bitCount(c.simhash ^ hashes[l]));
        }
      }
      chroma = bestBits == Integer.MAX_VALUE ? Double.NaN : 1.0 - bestBits / 64.0;
    }
    v[o + CHROMAPRINT] = (float) chroma;
    double jac = Double.NaN;
    if (!c.genres.isEmpty()) {
      int[] cg = liked.genreIds(c.genres, false);
      long[] masks = liked.genreMask;
      long cMask = 0;
      for (int g : cg) {
        if (g >= 0) {
          cMask |= 1L << g;
        }
      }
      for (int l = 0; l < songs.size(); l++) {
        int[] lg = liked.genres[l];
        if (l != self && lg.length > 0) {
          int inter = masks != null ? Long.bitCount(cMask & masks[l]) : intersection(cg, lg);
          jac = nanMax(jac, inter / (double) (cg.length + lg.length - inter));
        }
      }
    }
    v[o + GENRE] = (float) jac;
    v[o + ARTIST] =
        match(c.artist, liked.artistCount, liked.artistTotal, me == null ? null : me.artist);
    v[o + ALBUM] = match(c.album, liked.albumCount, liked.albumTotal, me == null ? null : me.album);
    v[o + TEXT] = text(c, self, liked, textAcc);
  }

  /** 1 when another liked song has the value, 0 when liked songs have values but not this one. */
  private static float match(
      String value, Map<String, Integer> counts, int total, String selfValue) {
    if (value == null) {
      return Float.NaN;
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

  private static float text(PreparedSong c, int self, ReferenceSet liked, double[] acc) {
    if (!c.hasText || !liked.anyText) {
      return Float.NaN;
    }
    // Dense accumulation over the liked songs (no bookkeeping of touched entries), then one scan.
    int m = liked.size();
    for (int k = 0; k < c.textIds.length; k++) {
      int t = c.textIds[k];
      if (t >= liked.textSongs.length) {
        continue;
      }
      double wc = c.textWeights[k];
      double[] dense = liked.textDense[t];
      if (dense != null) {
        // acc[l] + 0.0 * wc leaves acc[l] unchanged: same result as the postings below.
        for (int l = 0; l < m; l++) {
          acc[l] += dense[l] * wc;
        }
        continue;
      }
      int[] ids = liked.textSongs[t];
      float[] ws = liked.textWeights[t];
      for (int j = 0; j < ids.length; j++) {
        acc[ids[j]] += ws[j] * wc;
      }
    }
    double best = 0;
    for (int l = 0; l < m; l++) {
      if (l != self && acc[l] > best) {
        best = acc[l];
      }
      acc[l] = 0;
    }
    return (float) Math.min(1.0, best);
  }

  /** Size of the intersection of two sorted id arrays (negative ids never match). */
  private static int intersection(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        if (a[i] >= 0) {
          n++;
        }
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return n;
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
