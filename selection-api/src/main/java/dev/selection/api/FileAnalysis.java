package dev.selection.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything {@link AudioAnalyzer#analyze} computes for one file.
 *
 * @param track the file's identity and format
 * @param features the features, as an engine would store them (no label, no path)
 * @param bpmCandidates the tempo estimator's candidates, best first (the first is {@code
 *     features().bpm()}); empty when the track has no beat
 */
public record FileAnalysis(TrackInfo track, SongFeatures features, List<Double> bpmCandidates) {
  /** Validates and copies the values. */
  public FileAnalysis {
    Objects.requireNonNull(track, "track");
    Objects.requireNonNull(features, "features");
    bpmCandidates = List.copyOf(bpmCandidates);
  }
}
