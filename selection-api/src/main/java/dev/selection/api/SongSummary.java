package dev.selection.api;

import java.util.Objects;

/**
 * The light part of a song's stored features — its tags, BPM, key and duration — read without
 * vectors, for a host's song list (see {@link SelectionEngine#songSummaries()}).
 *
 * @param songId the song id (64 lowercase hex digits)
 * @param metadata the song's tags, {@link SongMetadata#EMPTY} when it has none
 * @param bpm the tempo in beats per minute, or null when unknown
 * @param key the musical key ("A minor"), or null when unknown
 * @param durationSec the duration in seconds, or null when unknown
 */
public record SongSummary(
    String songId, SongMetadata metadata, Double bpm, String key, Double durationSec) {
  /** Validates the id and replaces a null metadata by {@link SongMetadata#EMPTY}. */
  public SongSummary {
    SongFeatures.requireSongId(songId);
    metadata = metadata == null ? SongMetadata.EMPTY : metadata;
  }

  /** Returns the summary of full features. */
  public static SongSummary of(SongFeatures features) {
    Objects.requireNonNull(features, "features");
    return new SongSummary(
        features.songId(),
        features.metadata(),
        features.bpm(),
        features.key(),
        features.durationSec());
  }
}
