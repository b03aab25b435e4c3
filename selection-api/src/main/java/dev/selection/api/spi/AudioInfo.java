package dev.selection.api.spi;

import java.util.Objects;

/**
 * What a decoder knows about a stream before reading it.
 *
 * @param format container/codec family as a short lower-case word: {@code wav, aiff, flac, mp3,
 *     ogg}, ...
 * @param sampleRateHz native sample rate, {@code > 0}
 * @param channels native channel count, {@code > 0}
 * @param bitsPerSample bits per sample of the source (16, 24, ...), or 0 for lossy codecs
 * @param frames total frames when known from the header, else -1
 * @param bitrateKbps average bitrate in kbit/s (file size over duration when not in the header), or
 *     0
 * @param decoder name of the decoder that produced the PCM (recorded with the songId)
 */
public record AudioInfo(
    String format,
    int sampleRateHz,
    int channels,
    int bitsPerSample,
    long frames,
    double bitrateKbps,
    String decoder) {
  /** Validates the values. */
  public AudioInfo {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(decoder, "decoder");
    if (sampleRateHz <= 0
        || channels <= 0
        || bitsPerSample < 0
        || frames < -1
        || !(bitrateKbps >= 0)) {
      throw new IllegalArgumentException(
          "Bad audio info: rate="
              + sampleRateHz
              + " channels="
              + channels
              + " bits="
              + bitsPerSample
              + " frames="
              + frames
              + " bitrate="
              + bitrateKbps);
    }
  }

  /** Returns the duration in seconds when the frame count is known, else -1. */
  public double durationSec() {
    return frames < 0 ? -1 : (double) frames / sampleRateHz;
  }
}
