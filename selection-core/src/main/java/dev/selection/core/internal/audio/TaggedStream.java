package dev.selection.core.internal.audio;

import dev.selection.core.internal.audio.tags.TrackTags;

/**
 * Implemented by our {@link dev.selection.api.spi.AudioStream}s that know more tags than {@link
 * dev.selection.api.SongMetadata} holds (BPM, initial key). Other decoders' streams are read
 * through {@code metadata()} only.
 */
public interface TaggedStream {
  /** Returns the tags read so far; {@link TrackTags#EMPTY} when none or when they were broken. */
  TrackTags tags();
}
