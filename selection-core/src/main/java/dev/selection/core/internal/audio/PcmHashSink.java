package dev.selection.core.internal.audio;

import dev.selection.api.CanonicalPcm;
import dev.selection.core.internal.pipeline.PcmSink;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Computes the songId: the lowercase hex SHA-256 of the track's canonical PCM ({@link
 * CanonicalPcm}), which is interleaved little-endian signed 16-bit at the native rate and channel
 * count, each float sample {@code x} mapped to {@code clamp(floor(x * 32768 + 0.5), -32768, 32767)}
 * (round half up). The map is exact for 16-bit sources ({@code x = s / 32768}); for 24-bit sources
 * it is {@code floor(s / 256 + 0.5)}; for float and 32-bit sources it applies to the decoder's
 * float32 value (NaN maps to 0). Not thread-safe.
 */
public final class PcmHashSink implements PcmSink {
  private final MessageDigest md = FileHashes.newSha256();
  private byte[] bytes = new byte[0];
  private int channels;
  private long frames;
  private String songId;

  /** Creates a sink for one track. */
  public PcmHashSink() {}

  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (songId != null || this.channels != 0) {
      throw new IllegalStateException("A PcmHashSink hashes one track");
    }
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be > 0: " + channels);
    }
    this.channels = channels;
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    int n = frames * channels;
    if (bytes.length < 2 * n) {
      bytes = new byte[2 * n];
    }
    for (int i = 0; i < n; i++) {
      short s = CanonicalPcm.toCanonical16(samples[offset + i]);
      bytes[2 * i] = (byte) s;
      bytes[2 * i + 1] = (byte) (s >> 8);
    }
    md.update(bytes, 0, 2 * n);
    this.frames += frames;
  }

  @Override
  public void end() {
    songId = HexFormat.of().formatHex(md.digest());
  }

  /** Returns the frames hashed so far. */
  public long frames() {
    return frames;
  }

  /**
   * Returns the songId.
   *
   * @throws IllegalStateException before {@link #end()}
   */
  public String songId() {
    if (songId == null) {
      throw new IllegalStateException("songId is known after end()");
    }
    return songId;
  }
}
