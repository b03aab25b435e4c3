package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores are cached per (songId, modelRevision, fileHash) and dropped by the events of SPEC §7.5.
 */
class EnginePredictionCacheTest {
  @TempDir Path root;

  static String id(int n) {
    return String.format("%064x", n + 1);
  }

  private long cachedRows(String where) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("features.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM song_prediction_cache " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void scoresAreCached_reused_andDroppedWhenTheFileOrTheModelChanges() throws Exception {
    Random r = new Random(3);
    List<SongFeatures> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      float[] timbre = new float[8];
      for (int d = 0; d < 8; d++) {
        timbre[d] = (float) ((i % 5 == 0 ? 1 : -1) * (d == 0 ? 1 : 0) + 0.3 * r.nextGaussian());
      }
      rows.add(SongFeatures.builder(id(i)).fileHash("h" + i).timbre(timbre).build());
    }
    List<String> candidates = List.of(id(60), id(61), id(62));
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      e.upsertSongFeatures(rows);
      e.upsertSongFeatures(
          List.of(
              SongFeatures.builder(id(60)).fileHash("h60").timbre(rows.get(0).timbre()).build(),
              SongFeatures.builder(id(61)).fileHash("h61").timbre(rows.get(1).timbre()).build(),
              SongFeatures.builder(id(62)).fileHash("h62").timbre(rows.get(2).timbre()).build()));
      for (int i = 0; i < 60; i++) {
        e.setSelectionLabels(List.of(id(i)), i % 5 == 0 ? Label.LIKED : Label.DISLIKED);
      }
      assertThat(e.train(p -> {}, new CancellationToken()).modelRevision()).isEqualTo(1);

      PredictResult first = e.predictSelectionCandidates(candidates, 0);
      assertThat(first.status()).isEqualTo(PredictStatus.OK);
      assertThat(cachedRows("WHERE modelRevision = 1")).isEqualTo(3);
      PredictResult again = e.predictSelectionCandidates(candidates, 0);
      assertThat(again.items()).isEqualTo(first.items());
      assertThat(first.items().get(0).songId()).isEqualTo(id(60)); // the liked-like timbre leads

      // A new file hash drops that song's old rows; the next prediction recomputes it.
      e.upsertSongFeatures(List.of(SongFeatures.builder(id(61)).fileHash("h61b").build()));
      assertThat(cachedRows("WHERE songId = '" + id(61) + "'")).isZero();
      assertThat(e.predictSelectionCandidates(candidates, 0).items()).isEqualTo(first.items());
      assertThat(cachedRows("WHERE songId = '" + id(61) + "' AND fileHash = 'h61b'")).isEqualTo(1);

      // A new training drops every row of the old revision.
      e.setSelectionLabels(List.of(id(0)), Label.DISLIKED);
      assertThat(e.train(p -> {}, new CancellationToken()).modelRevision()).isEqualTo(2);
      assertThat(cachedRows("")).isZero();
    }
  }
}
