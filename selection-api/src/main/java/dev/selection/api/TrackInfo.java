package dev.selection.api;

import dev.selection.api.spi.AudioInfo;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What decoding a file once tells about it.
 *
 * @param path the file
 * @param songId lowercase hex SHA-256 of the canonical PCM ({@link CanonicalPcm})
 * @param fileHash lowercase hex SHA-256 of the file's bytes
 * @param format the stream format the decoder reported
 * @param durationSec decoded frames over the sample rate
 * @param bitrateKbps the header's bitrate, else file size over duration, in kbit/s
 * @param decoder name (and version) of the decoder that produced the PCM
 * @param metadata the tags found in the file ({@link SongMetadata#EMPTY} when none or broken)
 */
public record TrackInfo(
    Path path,
    String songId,
    String fileHash,
    AudioInfo format,
    double durationSec,
    double bitrateKbps,
    String decoder,
    SongMetadata metadata) {
  /** Validates the values. */
  public TrackInfo {
    Objects.requireNonNull(path, "path");
    SongFeatures.requireSongId(songId);
    Objects.requireNonNull(fileHash, "fileHash");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(metadata, "metadata");
  }
}
