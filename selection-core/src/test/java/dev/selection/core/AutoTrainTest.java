package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.AutoTrainEvent;
import dev.selection.api.AutoTrainStatus;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.Label;
import dev.selection.api.LabelUpdate;
import dev.selection.api.Phase;
import dev.selection.api.Progress;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainStatus;
import dev.selection.api.spi.GbdtParams;
import dev.selection.core.internal.rank.FeatureSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Automatic retraining, training-data reset and chunked labelling through the facade. */
class AutoTrainTest {
  @TempDir Path root;

  static String id(int n) {
    return String.format("%064x", n + 1);
  }

  private static List<SongFeatures> library(int n, Random r) {
    List<SongFeatures> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] timbre = new float[8];
      for (int d = 0; d < 8; d++) {
        timbre[d] = (float) ((i % 5 == 0 ? 1 : -1) * (d == 0 ? 1 : 0) + 0.3 * r.nextGaussian());
      }
      rows.add(SongFeatures.builder(id(i)).fileHash("h" + i).timbre(timbre).build());
    }
    return rows;
  }

  private static AutoTrainEvent next(BlockingQueue<AutoTrainEvent> q) throws InterruptedException {
    AutoTrainEvent e = q.poll(60, TimeUnit.SECONDS);
    assertThat(e).as("an autoTrainStatus event within 60 s").isNotNull();
    return e;
  }

  @Test
  void labelChanges_scheduleOneTrainingAfterTheDebounce_thenResetTheCount() throws Exception {
    BlockingQueue<AutoTrainEvent> events = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofMillis(300))
            .autoTrainListener(events::add)
            .build()) {
      e.upsertSongFeatures(library(60, new Random(1)));
      List<String> liked = new ArrayList<>();
      List<String> disliked = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        (i % 5 == 0 ? liked : disliked).add(id(i));
      }
      // 12 changes: below the threshold of 30, nothing is scheduled.
      e.setSelectionLabels(liked, Label.LIKED);
      assertThat(events).isEmpty();
      // 48 more: the thresholds hold (60 >= 30 changes, 12 liked >= 10, 48 >= 4 x 12).
      e.setSelectionLabels(disliked, Label.DISLIKED);
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.SCHEDULED);
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.TRAINING);
      AutoTrainEvent done = next(events);
      assertThat(done.status()).as(done.message()).isEqualTo(AutoTrainStatus.TRAINED);
      assertThat(done.modelRevision()).isEqualTo(1);
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isZero();
      assertThat(e.status().modelRevision()).isEqualTo(1);

      e.resetTrainingData();
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.RESET);
      assertThat(e.status().modelRevision()).isZero();
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).isEmpty();
      assertThat(e.predictSelectionCandidates(List.of(id(0)), 10).status().wireName())
          .isEqualTo("not_trained");
    }
  }

  @Test
  void modelOfAnOlderFeatureSet_isRetrainedWhenTheEngineOpens_newerIsLeftAlone() throws Exception {
    List<String> liked = new ArrayList<>();
    List<String> disliked = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      (i % 5 == 0 ? liked : disliked).add(id(i));
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(false, 30, Duration.ofSeconds(8))
            .build()) {
      e.upsertSongFeatures(library(60, new Random(2)));
      e.setSelectionLabels(liked, Label.LIKED);
      e.setSelectionLabels(disliked, Label.DISLIKED);
      assertThat(e.train(ProgressListener.NONE, new CancellationToken()).status())
          .isEqualTo(TrainStatus.TRAINED);
    }
    // What an SDK with an older feature set left behind: same files, older version in the manifest.
    Path manifest = root.resolve("models/selection/manifest.json");
    String current = Files.readString(manifest);
    String version = "\"featureSetVersion\" : \"" + FeatureSchema.FEATURE_SET_VERSION + "\"";
    assertThat(current).contains(version);
    int older = Integer.parseInt(FeatureSchema.FEATURE_SET_VERSION) - 1;
    Files.writeString(
        manifest, current.replace(version, "\"featureSetVersion\" : \"" + older + "\""));

    BlockingQueue<AutoTrainEvent> events = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofMillis(200))
            .autoTrainListener(events::add)
            .build()) {
      AutoTrainEvent scheduled = next(events);
      assertThat(scheduled.status()).isEqualTo(AutoTrainStatus.SCHEDULED);
      assertThat(scheduled.message()).contains("feature set " + older);
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.TRAINING);
      AutoTrainEvent done = next(events);
      assertThat(done.status()).as(done.message()).isEqualTo(AutoTrainStatus.TRAINED);
      assertThat(done.modelRevision()).isEqualTo(2);
      assertThat(e.predictSelectionCandidates(List.of(id(1), id(2)), 10).status().wireName())
          .isEqualTo("ok");
    }

    // A newer feature set (an SDK downgrade) is refused, never overwritten behind the user's back.
    current = Files.readString(manifest);
    Files.writeString(manifest, current.replace(version, "\"featureSetVersion\" : \"999\""));
    events.clear();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofMillis(50))
            .autoTrainListener(events::add)
            .build()) {
      assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
      assertThat(e.predictSelectionCandidates(List.of(id(1)), 10).errorCode())
          .isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
    }
  }

  private AutoTrainEvent retrainedOnOpen(BlockingQueue<AutoTrainEvent> events, String why)
      throws Exception {
    events.clear();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofMillis(200))
            .autoTrainListener(events::add)
            .build()) {
      AutoTrainEvent scheduled = next(events);
      assertThat(scheduled.status()).isEqualTo(AutoTrainStatus.SCHEDULED);
      assertThat(scheduled.message()).contains(why);
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.TRAINING);
      AutoTrainEvent done = next(events);
      assertThat(done.status()).as(done.message()).isEqualTo(AutoTrainStatus.TRAINED);
      return done;
    }
  }

  @Test
  void modelOfOtherHyperParameters_orWithoutThem_isRetrainedWhenTheEngineOpens() throws Exception {
    List<String> liked = new ArrayList<>();
    List<String> disliked = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      (i % 5 == 0 ? liked : disliked).add(id(i));
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(false, 30, Duration.ofSeconds(8))
            .build()) {
      e.upsertSongFeatures(library(60, new Random(3)));
      e.setSelectionLabels(liked, Label.LIKED);
      e.setSelectionLabels(disliked, Label.DISLIKED);
      assertThat(e.train(ProgressListener.NONE, new CancellationToken()).status())
          .isEqualTo(TrainStatus.TRAINED);
    }
    // The model this SDK just made is current: opening the engine schedules nothing.
    BlockingQueue<AutoTrainEvent> events = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofMillis(50))
            .autoTrainListener(events::add)
            .build()) {
      assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    // A model made with another learning rate (an SDK whose defaults differed).
    Path manifest = root.resolve("models/selection/manifest.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode o = (ObjectNode) json.readTree(manifest.toFile());
    assertThat(o.path("gbdtParams").path("eta").asDouble()).isEqualTo(GbdtParams.DEFAULTS.eta());
    ((ObjectNode) o.get("gbdtParams")).put("eta", 0.3);
    json.writeValue(manifest.toFile(), o);
    // Prediction keeps using it (its columns are this SDK's) until it is retrained.
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(false, 30, Duration.ofSeconds(8))
            .build()) {
      assertThat(e.predictSelectionCandidates(List.of(id(1), id(2)), 10).status().wireName())
          .isEqualTo("ok");
    }
    AutoTrainEvent done = retrainedOnOpen(events, "eta 0.3, this SDK 0.05");
    assertThat(done.modelRevision()).isEqualTo(2);
    o = (ObjectNode) json.readTree(manifest.toFile());
    assertThat(o.path("modelRevision").asLong()).isEqualTo(2);
    assertThat(o.path("gbdtParams").path("eta").asDouble()).isEqualTo(GbdtParams.DEFAULTS.eta());
    assertThat(o.path("gbdtParams").path("seed").asLong()).isEqualTo(GbdtParams.DEFAULTS.seed());

    // A manifest from before the parameters were recorded.
    o.remove(List.of("gbdtParams", "sdkVersion", "xgboostVersion"));
    json.writeValue(manifest.toFile(), o);
    done = retrainedOnOpen(events, "does not record its hyper-parameters");
    assertThat(done.modelRevision()).isEqualTo(3);
    o = (ObjectNode) json.readTree(manifest.toFile());
    assertThat(o.has("gbdtParams")).isTrue();
    assertThat(o.path("sdkVersion").asText()).isNotEmpty();
  }

  @Test
  void insufficientSamples_scheduleNothing() throws Exception {
    BlockingQueue<AutoTrainEvent> events = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .autoTrain(true, 1, Duration.ZERO)
            .autoTrainListener(events::add)
            .build()) {
      e.setSelectionLabels(List.of(id(1), id(2)), Label.LIKED);
      assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void chunkedLabelling_reportsProgress_andStopsOnCancel() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      ids.add(id(i));
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
      LabelUpdate all =
          e.setSelectionLabels(ids, Label.DISLIKED, seen::add, new CancellationToken());
      assertThat(all).isEqualTo(new LabelUpdate(25_000, 25_000, 25_000, 25_000));
      assertThat(seen).isNotEmpty().allMatch(p -> p.phase() == Phase.LABEL);
      assertThat(seen.get(seen.size() - 1).done()).isEqualTo(25_000);

      CancellationToken cancel = new CancellationToken();
      LabelUpdate part =
          e.setSelectionLabels(
              ids,
              Label.LIKED,
              p -> {
                if (p.done() >= 10_000) {
                  cancel.cancel();
                }
              },
              cancel);
      assertThat(part.total()).isEqualTo(10_000);
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).hasSize(10_000);
      assertThat(e.getSelectionLabelSnapshot().negativeIds()).hasSize(15_000);
    }
  }

  @Test
  void retrainingDueWhenTheHostQuit_runsAfterTheNextOpen_whenTheThresholdsHold() throws Exception {
    List<String> liked = new ArrayList<>();
    List<String> disliked = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      (i % 5 == 0 ? liked : disliked).add(id(i));
    }
    // The host labels, then quits before the debounce ends: 60 changes are pending.
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofHours(1))
            .build()) {
      e.upsertSongFeatures(library(60, new Random(3)));
      e.setSelectionLabels(liked, Label.LIKED);
      e.setSelectionLabels(disliked, Label.DISLIKED);
    }
    // Bad case first: thresholds that do not hold schedule nothing (scheduling is synchronous).
    BlockingQueue<AutoTrainEvent> none = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(50)
            .autoTrain(true, 30, Duration.ofMillis(10))
            .autoTrainListener(none::add)
            .build()) {
      assertThat(none).isEmpty();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(60);
    }
    BlockingQueue<AutoTrainEvent> events = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(true, 30, Duration.ofMillis(100))
            .autoTrainListener(events::add)
            .build()) {
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.SCHEDULED);
      assertThat(next(events).status()).isEqualTo(AutoTrainStatus.TRAINING);
      AutoTrainEvent done = next(events);
      assertThat(done.status()).as(done.message()).isEqualTo(AutoTrainStatus.TRAINED);
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isZero();
    }
  }

  @Test
  void train_keepsTheLabelChangesMadeWhileItRan() throws Exception {
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(false, 30, Duration.ofSeconds(8))
            .build()) {
      e.upsertSongFeatures(library(62, new Random(4)));
      List<String> liked = new ArrayList<>();
      List<String> disliked = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        (i % 5 == 0 ? liked : disliked).add(id(i));
      }
      e.setSelectionLabels(liked, Label.LIKED);
      e.setSelectionLabels(disliked, Label.DISLIKED);
      java.util.concurrent.atomic.AtomicBoolean once =
          new java.util.concurrent.atomic.AtomicBoolean();
      // A host thread labels two songs while the training runs (here: from its first progress).
      ProgressListener meanwhile =
          p -> {
            if (once.compareAndSet(false, true)) {
              e.setSelectionLabels(List.of(id(60), id(61)), Label.LIKED);
            }
          };
      assertThat(e.train(meanwhile, new CancellationToken()).status())
          .isEqualTo(TrainStatus.TRAINED);
      assertThat(once).isTrue();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(2);
    }
  }
}
