package dev.selection.core;

import java.util.function.IntBinaryOperator;

/**
 * The best {@code k} of {@code n} items by a comparator over their indexes, on primitive arrays (no
 * boxing): a bounded binary heap, O(n log k), then the k sorted.
 */
final class TopK {
  private TopK() {}

  /**
   * Returns the indexes of the best {@code k} items, best first.
   *
   * @param n the number of items
   * @param k how many to keep; 0 or more than {@code n} keeps all
   * @param order negative when item {@code a} ranks before item {@code b}; must be a total order
   */
  static int[] select(int n, int k, IntBinaryOperator order) {
    int keep = k <= 0 || k > n ? n : k;
    if (keep == 0) {
      return new int[0];
    }
    // A heap whose root is the worst kept item.
    int[] heap = new int[keep];
    int size = 0;
    for (int i = 0; i < n; i++) {
      if (size < keep) {
        heap[size] = i;
        siftUp(heap, size++, order);
      } else if (order.applyAsInt(i, heap[0]) < 0) {
        heap[0] = i;
        siftDown(heap, 0, size, order);
      }
    }
    // Pop the worst to the end: the array ends best first.
    for (int end = size - 1; end > 0; end--) {
      int worst = heap[0];
      heap[0] = heap[end];
      heap[end] = worst;
      siftDown(heap, 0, end, order);
    }
    return heap;
  }

  /** Orders by descending score, then ascending id. */
  static IntBinaryOperator byScoreThenId(double[] scores, String[] ids) {
    return (a, b) -> {
      int c = Double.compare(scores[b], scores[a]);
      return c != 0 ? c : ids[a].compareTo(ids[b]);
    };
  }

  /** Orders by descending value, then ascending index. */
  static IntBinaryOperator byValueThenIndex(float[] values) {
    return (a, b) -> {
      int c = Float.compare(values[b], values[a]);
      return c != 0 ? c : Integer.compare(a, b);
    };
  }

  private static void siftUp(int[] heap, int i, IntBinaryOperator order) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      // The root holds the worst: a child that ranks after its parent moves up.
      if (order.applyAsInt(heap[i], heap[parent]) <= 0) {
        return;
      }
      swap(heap, i, parent);
      i = parent;
    }
  }

  private static void siftDown(int[] heap, int i, int size, IntBinaryOperator order) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int worse = left;
      int right = left + 1;
      if (right < size && order.applyAsInt(heap[right], heap[left]) > 0) {
        worse = right;
      }
      if (order.applyAsInt(heap[worse], heap[i]) <= 0) {
        return;
      }
      swap(heap, i, worse);
      i = worse;
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
