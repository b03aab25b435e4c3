package dev.selection.sqlite;

import dev.selection.api.Label;
import dev.selection.api.SongFeatures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link SqliteProcessTest}: after {@code GO} on stdin, writes {@code n}
 * single-song label transactions on its own songs, likes {@code shared} songs that the other writer
 * likes too, and upserts one feature component ({@code bpm} or {@code key}) of shared songs. Prints
 * {@code READY} when its stores are open and {@code DONE} at the end.
 */
public final class ConcurrentWriterMain {
  private ConcurrentWriterMain() {}

  /** Arguments: library root, writer number (0 or 1), n, shared. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int writer = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    int shared = Integer.parseInt(args[3]);
    try (SqliteLabelStore labels = SqliteLabelStore.open(root);
        SqliteFeatureStore features = SqliteFeatureStore.open(root)) {
      System.out.println("READY");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        throw new IllegalStateException("expected GO");
      }
      for (int i = 0; i < Math.max(n, shared); i++) {
        if (i < n) {
          labels.setLabels(List.of(String.format("%064x", (writer + 1L) << 32 | i)), Label.LIKED);
        }
        if (i < shared) {
          String id = String.format("%064x", i);
          labels.setLabels(List.of(id), Label.LIKED);
          SongFeatures.Builder b = SongFeatures.builder(id).extractorVersion("w" + writer, "1");
          features.upsert(
              List.of(writer == 0 ? b.bpm(100.0 + i).build() : b.key("A minor").build()));
        }
      }
    }
    System.out.println("DONE");
  }
}
