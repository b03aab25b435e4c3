package dev.selection.sqlite;

import dev.selection.api.Label;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link SqliteProcessTest}: writes label batches of {@code n} songs in a loop,
 * alternating liked and disliked, and prints {@code BATCH k} just before batch {@code k} starts.
 * The test kills it with SIGKILL while a batch is in flight.
 */
public final class LabelBatchWriterMain {
  private LabelBatchWriterMain() {}

  /** Arguments: library root, batch size. */
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(String.format("%064x", i));
    }
    try (SqliteLabelStore store = SqliteLabelStore.open(root)) {
      for (int k = 0; ; k++) {
        System.out.println("BATCH " + k);
        System.out.flush();
        store.setLabels(ids, k % 2 == 0 ? Label.LIKED : Label.DISLIKED);
      }
    }
  }
}
