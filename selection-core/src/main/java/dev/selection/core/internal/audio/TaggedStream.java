package dev.selection.core.internal.audio;

import dev.selection.api.SongMetadata;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.tags.TrackTags;

/**
 * Implemented by our {@link AudioStream}s that know more tags than {@link SongMetadata} holds (BPM,
 * initial key). Other decoders' streams are read through {@code metadata()} only.
 */
public interface TaggedStream extends AudioStream {
  /** Returns the tags read so far; {@link TrackTags#EMPTY} when none or when they were broken. */
  TrackTags tags();

  /** Returns the song metadata of {@link #tags()}. */
  @Override
  default SongMetadata metadata() {
    return tags().metadata();
  }
}
