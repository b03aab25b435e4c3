package dev.selection.core.internal.rank;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Deterministic train/test splits for evaluation and early stopping. */
public final class Folds {
  private Folds() {}

  /**
   * Assigns each sample to one of {@code k} folds so that every fold holds about the same share of
   * positives and of negatives (each class shuffled with {@code seed}, then dealt round-robin).
   *
   * @return fold number of each sample, 0..k-1
   */
  public static int[] stratified(boolean[] positive, int k, long seed) {
    int[] fold = new int[positive.length];
    List<Integer> pos = new ArrayList<>();
    List<Integer> neg = new ArrayList<>();
    for (int i = 0; i < positive.length; i++) {
      (positive[i] ? pos : neg).add(i);
    }
    Random rnd = new Random(seed);
    Collections.shuffle(pos, rnd);
    Collections.shuffle(neg, rnd);
    for (int i = 0; i < pos.size(); i++) {
      fold[pos.get(i)] = i % k;
    }
    // Continue the deal where positives stopped so that small folds stay balanced in size.
    for (int i = 0; i < neg.size(); i++) {
      fold[neg.get(i)] = (pos.size() + i) % k;
    }
    return fold;
  }

  /**
   * A time split: the latest {@code testShare} of the samples (by label time) form fold 1, the rest
   * fold 0. Ties keep input order.
   */
  public static int[] timeSplit(Instant[] labelTimes, double testShare) {
    Integer[] idx = new Integer[labelTimes.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, Comparator.comparing((Integer i) -> labelTimes[i]));
    int test = (int) Math.round(labelTimes.length * testShare);
    int[] fold = new int[labelTimes.length];
    for (int r = labelTimes.length - test; r < labelTimes.length; r++) {
      fold[idx[r]] = 1;
    }
    return fold;
  }

  /** Returns the indices whose fold equals (or, with {@code not}, differs from) {@code f}. */
  public static int[] members(int[] fold, int f, boolean not) {
    return java.util.stream.IntStream.range(0, fold.length)
        .filter(i -> (fold[i] == f) != not)
        .toArray();
  }
}
