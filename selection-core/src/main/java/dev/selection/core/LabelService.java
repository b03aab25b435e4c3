package dev.selection.core;

import dev.selection.api.CancellationToken;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.Phase;
import dev.selection.api.ProgressListener;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.core.internal.extract.ProgressThrottle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The user's labels and the sample changes they make: every real change counts towards automatic
 * retraining.
 */
final class LabelService {
  /** Songs per transaction of the chunked labelling call. */
  static final int LABEL_CHUNK = 10_000;

  private final EngineStores stores;
  private final AutoTrainer autoTrainer;

  LabelService(EngineStores stores, AutoTrainer autoTrainer) {
    this.stores = stores;
    this.autoTrainer = autoTrainer;
  }

  /** Labels songs in one transaction. */
  LabelUpdate set(List<String> ids, Label label) {
    Objects.requireNonNull(label, "label");
    LabelUpdate update = stores.labels().setLabels(ids, label);
    if (update.changed() > 0) {
      autoTrainer.onSampleChange();
    }
    return update;
  }

  /**
   * Labels songs in chunks of {@value #LABEL_CHUNK}, with progress, stopping between chunks when
   * cancelled or when {@code closed} turns true.
   */
  LabelUpdate set(
      List<String> songIds,
      Label label,
      ProgressListener progress,
      CancellationToken cancel,
      BooleanSupplier closed) {
    Objects.requireNonNull(label, "label");
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(songIds));
    CancellationToken token = cancel == null ? new CancellationToken() : cancel;
    ProgressThrottle throttle = ProgressThrottle.of(progress, Phase.LABEL, ids.size());
    throttle.start();
    int total = 0;
    int changed = 0;
    long count = stores.labels().snapshot().sampleChangeCount();
    for (int from = 0;
        from < ids.size() && !token.isCancelled() && !closed.getAsBoolean();
        from += LABEL_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LABEL_CHUNK));
      LabelUpdate u = stores.labels().setLabels(chunk, label);
      total += u.total();
      changed += u.changed();
      count = u.sampleChangeCount();
      throttle.advance(chunk.size(), 0, "");
    }
    throttle.finish(token.isCancelled() ? "cancelled" : "done");
    if (changed > 0) {
      autoTrainer.onSampleChange();
    }
    return new LabelUpdate(total, changed, count, changed);
  }

  LabelSnapshot snapshot() {
    return stores.labels().snapshot();
  }

  long resetSampleChangeCount() {
    return stores.labels().resetSampleChangeCount();
  }

  int resetLabels() {
    autoTrainer.cancelPending();
    return stores.labels().resetLabels();
  }

  /**
   * Stores a song's new metadata; its cached score is dropped, and a labelled song's change counts
   * as a sample change. A song without stored features is left alone: a row holding metadata alone
   * would be scored and trained on as if its audio had been analysed.
   *
   * @return false when nothing changed or the song was never analysed
   */
  boolean onMetadataChanged(String songId, SongMetadata before, SongMetadata after) {
    SongFeatures.requireSongId(songId);
    SongMetadata b = before == null ? SongMetadata.EMPTY : before;
    SongMetadata a = after == null ? SongMetadata.EMPTY : after;
    if (a.equals(b) || stores.features().fileHashes(List.of(songId)).isEmpty()) {
      return false;
    }
    stores.features().upsert(List.of(SongFeatures.builder(songId).metadata(a).build()));
    stores.predictionCache().deleteSongs(List.of(songId));
    if (stores.labels().get(songId) != Label.NEUTRAL) {
      stores.labels().addSampleChanges(1);
      autoTrainer.onSampleChange();
    }
    return true;
  }
}
