package dev.selection.api.spi;

import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import java.util.Collection;
import java.util.List;

/**
 * Stores labels and the sample change count ({@code selection_labels.db}). Thread-safe.
 *
 * <p>Counting rule: a song whose label really changes (neutral→liked, liked→disliked,
 * liked→neutral, ...) adds 1 to {@code sampleChangeCount}; setting the label it already has adds 0.
 */
public interface LabelStore extends AutoCloseable {
  /**
   * Sets one label on songs in one transaction (all or nothing). Duplicate ids count once.
   *
   * @throws IllegalArgumentException if an id is null or malformed (nothing is written)
   * @throws dev.selection.api.SelectionException {@code DB_ERROR}
   */
  LabelUpdate setLabels(Collection<String> songIds, Label label);

  /** Returns the label of one song ({@code NEUTRAL} when none is stored). */
  Label get(String songId);

  /** Returns the stored labels and the count. */
  LabelSnapshot snapshot();

  /** Returns every stored label with its time, by song id. */
  List<LabelEntry> entries();

  /**
   * Adds {@code delta >= 0} to the sample change count (e.g. a labelled song's metadata changed).
   */
  long addSampleChanges(int delta);

  /**
   * Subtracts {@code n >= 0} from the sample change count, never going below 0, in one transaction,
   * and returns the new count. A training that read the count as {@code n} when it took its
   * snapshot subtracts exactly that, so the changes made while it ran still count.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  long subtractSampleChanges(long n);

  /** Sets the sample change count to 0; returns the new count (0). */
  long resetSampleChangeCount();

  /** Removes every label and resets the count; returns how many labels were removed. */
  int resetLabels();

  /** Closes the store. Idempotent. */
  @Override
  void close();
}
