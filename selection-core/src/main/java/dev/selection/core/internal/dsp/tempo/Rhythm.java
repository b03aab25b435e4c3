package dev.selection.core.internal.dsp.tempo;

import dev.selection.api.BeatGrid;
import java.util.Objects;

/**
 * What rhythm analysis found in a track.
 *
 * @param tempo the tempo with its confidence and octave alternatives
 * @param grid the beats and downbeats, or null when no beat could be placed
 */
public record Rhythm(TempoEstimate tempo, BeatGrid grid) {
  /** Validates the tempo. */
  public Rhythm {
    Objects.requireNonNull(tempo, "tempo");
  }
}
