package dev.selection.onnx.internal;

import dev.selection.api.EmbeddingBudget;
import dev.selection.api.spi.AudioExcerpt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the 1-s analysis windows of a track within an {@link EmbeddingBudget}, and pools their
 * embeddings.
 *
 * <ol>
 *   <li>{@code maxSeconds}: the excerpts (already chosen by the shared segment strategy) are used
 *       in order until their total length reaches {@code maxSeconds}; the rest is cut off.
 *   <li>Windows of 48 000 samples start every {@code hopSec} inside each excerpt; an excerpt
 *       shorter than one window gives one window padded with zeros (as openl3 pads short audio).
 *   <li>Low-energy windows are skipped: RMS below {@value #ABSOLUTE_FLOOR_DBFS} dBFS or more than
 *       {@value #RELATIVE_FLOOR_DB} dB below the loudest window.
 *   <li>{@code maxWindows}: if more windows remain, the loudest ones are kept (energy selection),
 *       in time order.
 * </ol>
 *
 * <p>Pooling is the RMS-weighted mean of the window embeddings, L2-normalised. Stateless.
 */
public final class WindowPlanner {
  /** Windows quieter than this are silence, in dBFS RMS. */
  public static final double ABSOLUTE_FLOOR_DBFS = -60;

  /** Windows this far below the loudest window are skipped, in dB. */
  public static final double RELATIVE_FLOOR_DB = 40;

  private static final int WINDOW = 48_000;

  private WindowPlanner() {}

  /**
   * One analysis window.
   *
   * @param samples the excerpt's samples (possibly shortened to the seconds budget)
   * @param offset index of the window's first sample in {@code samples}
   * @param rms RMS of the window (zeros past the end count), linear full scale
   */
  public record Window(float[] samples, int offset, double rms) {}

  /**
   * The chosen windows.
   *
   * @param windows windows to embed, in time order; empty if every window is below the floors
   * @param candidates windows considered before skipping and selection
   * @param totalSamples samples of audio within the seconds budget
   */
  public record Plan(List<Window> windows, int candidates, long totalSamples) {}

  /** Plans the windows of {@code excerpts}, which must be at 48 kHz. */
  public static Plan plan(List<AudioExcerpt> excerpts, EmbeddingBudget budget) {
    int hop = (int) Math.max(1, Math.round(budget.hopSec() * WINDOW));
    long remaining = Math.round(budget.maxSeconds() * WINDOW);
    List<Window> candidates = new ArrayList<>();
    long total = 0;
    for (AudioExcerpt e : excerpts) {
      if (e.sampleRateHz() != WINDOW) {
        throw new IllegalArgumentException(
            "OpenL3 needs 48 kHz excerpts, got " + e.sampleRateHz() + " Hz");
      }
      if (remaining <= 0) {
        break;
      }
      float[] s = e.samples();
      int usable = (int) Math.min(s.length, remaining);
      if (usable == 0) {
        continue;
      }
      if (usable < s.length) {
        s = Arrays.copyOf(s, usable);
      }
      remaining -= usable;
      total += usable;
      if (usable < WINDOW) {
        candidates.add(new Window(s, 0, Math.sqrt(energy(s, 0, usable) / WINDOW)));
        continue;
      }
      int count = (usable - WINDOW) / hop + 1;
      double[] energies = windowEnergies(s, hop, count);
      for (int k = 0; k < count; k++) {
        candidates.add(new Window(s, k * hop, Math.sqrt(Math.max(0, energies[k]) / WINDOW)));
      }
    }
    double loudest = 0;
    for (Window w : candidates) {
      loudest = Math.max(loudest, w.rms());
    }
    double floor =
        Math.max(
            Math.pow(10, ABSOLUTE_FLOOR_DBFS / 20),
            loudest * Math.pow(10, -RELATIVE_FLOOR_DB / 20));
    List<Window> kept = new ArrayList<>();
    for (Window w : candidates) {
      if (w.rms() >= floor) {
        kept.add(w);
      }
    }
    if (kept.size() > budget.maxWindows()) {
      List<Window> byEnergy = new ArrayList<>(kept);
      byEnergy.sort(Comparator.comparingDouble(Window::rms).reversed());
      List<Window> chosen = byEnergy.subList(0, budget.maxWindows());
      // Back to time order: keep the original positions of the chosen windows.
      java.util.Set<Window> set =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      set.addAll(chosen);
      kept.removeIf(w -> !set.contains(w));
    }
    return new Plan(List.copyOf(kept), candidates.size(), total);
  }

  /**
   * Returns the energies (sums of squares) of {@code count} windows of {@link #WINDOW} samples
   * starting every {@code hop} samples, in one pass with O(count) memory: the running sum of
   * squares is read at every window start and end (two sorted sequences, merged).
   */
  private static double[] windowEnergies(float[] s, int hop, int count) {
    double[] atStart = new double[count];
    double[] atEnd = new double[count];
    int nextStart = 0;
    int nextEnd = 0;
    double running = 0;
    int limit = (count - 1) * hop + WINDOW;
    for (int i = 0; i <= limit; i++) {
      while (nextStart < count && nextStart * (long) hop == i) {
        atStart[nextStart++] = running;
      }
      while (nextEnd < count && nextEnd * (long) hop + WINDOW == i) {
        atEnd[nextEnd++] = running;
      }
      if (i < s.length) {
        running += (double) s[i] * s[i];
      }
    }
    double[] out = new double[count];
    for (int k = 0; k < count; k++) {
      out[k] = atEnd[k] - atStart[k];
    }
    return out;
  }

  private static double energy(float[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return sum;
  }

  /**
   * Returns the RMS-weighted mean of {@code embeddings} (one row per window, weights {@code rms}),
   * L2-normalised, or null if it has no finite non-zero norm. Rows with a non-finite value are
   * skipped.
   */
  public static float[] pool(float[][] embeddings, double[] rms) {
    int dim = embeddings[0].length;
    double[] sum = new double[dim];
    double weight = 0;
    rows:
    for (int r = 0; r < embeddings.length; r++) {
      for (float v : embeddings[r]) {
        if (!Float.isFinite(v)) {
          continue rows;
        }
      }
      for (int d = 0; d < dim; d++) {
        sum[d] += rms[r] * embeddings[r][d];
      }
      weight += rms[r];
    }
    if (!(weight > 0)) {
      return null;
    }
    double norm = 0;
    for (int d = 0; d < dim; d++) {
      sum[d] /= weight;
      norm += sum[d] * sum[d];
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Double.isFinite(norm)) {
      return null;
    }
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) {
      out[d] = (float) (sum[d] / norm);
    }
    return out;
  }
}
