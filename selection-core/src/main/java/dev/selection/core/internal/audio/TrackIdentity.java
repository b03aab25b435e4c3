package dev.selection.core.internal.audio;

import dev.selection.api.spi.AudioInfo;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What identifying a file yields.
 *
 * @param path the file
 * @param songId lowercase hex SHA-256 of the canonical PCM ({@link PcmHashSink})
 * @param fileHash lowercase hex SHA-256 of the file's bytes
 * @param info the stream format reported by the decoder
 * @param durationSec decoded frames over the sample rate
 * @param bitrateKbps the header's bitrate, else file size over duration, in kbit/s
 * @param tags the tags found in the file ({@link TrackTags#EMPTY} when none or broken)
 * @param decoder name of the decoder that produced the PCM
 */
public record TrackIdentity(
    Path path,
    String songId,
    String fileHash,
    AudioInfo info,
    double durationSec,
    double bitrateKbps,
    TrackTags tags,
    String decoder) {
  /** Validates the values. */
  public TrackIdentity {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(songId, "songId");
    Objects.requireNonNull(fileHash, "fileHash");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(decoder, "decoder");
    if (!(durationSec > 0) || !(bitrateKbps >= 0)) {
      throw new IllegalArgumentException(
          "durationSec must be > 0 and bitrateKbps >= 0: " + durationSec + ", " + bitrateKbps);
    }
  }
}
