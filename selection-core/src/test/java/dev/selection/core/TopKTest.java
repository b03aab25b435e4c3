package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void select_equalsThePrefixOfAFullSort_forAnyKAndManyTies() {
    long seed = Long.getLong("topk.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 300; round++) {
      int n = random.nextInt(0, 200);
      double[] scores = new double[n];
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(0, 8) / 4.0; // few distinct values: ties are broken by id
        ids[i] = Integer.toHexString(random.nextInt(0, 1 << 20)) + "-" + i;
      }
      int k = random.nextInt(0, n + 3);
      Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(
          expected,
          Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> ids[i]));
      int keep = k == 0 || k > n ? n : k;
      int[] got = TopK.select(n, k, TopK.byScoreThenId(scores, ids));
      assertThat(Arrays.stream(got).boxed().toArray(Integer[]::new))
          .as("seed %d round %d n %d k %d", seed, round, n, k)
          .containsExactly(Arrays.copyOf(expected, keep));
    }
  }

  @Test
  void byValueThenIndex_keepsTheFirstOfEqualValues() {
    float[] p = {0.1f, 0.9f, 0.5f, 0.9f, 0.0f};
    assertThat(TopK.select(p.length, 3, TopK.byValueThenIndex(p))).containsExactly(1, 3, 2);
    assertThat(TopK.select(0, 5, TopK.byValueThenIndex(new float[0]))).isEmpty();
  }
}
