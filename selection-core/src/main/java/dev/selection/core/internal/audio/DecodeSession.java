package dev.selection.core.internal.audio;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.pipeline.PcmSink;
import java.util.List;
import java.util.Objects;

/**
 * Decode once, feed many: reads one {@link AudioStream} in blocks of {@link #BLOCK_FRAMES} frames
 * and hands each interleaved native-rate block to every {@link PcmSink} in order (the PCM hash, a
 * {@link MonoMixSink} with its resamplers and extractors, ...). Memory is one block whatever the
 * track's length. Not thread-safe; one session per track.
 *
 * {@snippet :
 * PcmHashSink hash = new PcmHashSink();
 * long frames = DecodeSession.run(stream, List.of(hash, new MonoMixSink(List.of(rms))), token);
 * String songId = hash.songId();
 * }
 */
public final class DecodeSession {
  /** Frames per block handed to the sinks. */
  public static final int BLOCK_FRAMES = 4096;

  private DecodeSession() {}

  /**
   * Decodes the whole stream into the sinks: {@code begin} on each, blocks, then {@code end} on
   * each. The stream is not closed. If decoding fails the sinks do not get {@code end}.
   *
   * @param stream an open stream
   * @param sinks the sinks, called in list order for every block
   * @param token checked between blocks
   * @return the frames decoded
   * @throws SelectionException {@code CORRUPT_AUDIO} or {@code IO_ERROR} from the stream, {@code
   *     CANCELLED} when the token is cancelled, {@code INTERNAL_ERROR} wrapping any other exception
   *     the stream throws
   */
  public static long run(
      AudioStream stream, List<? extends PcmSink> sinks, CancellationToken token) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(token, "token");
    AudioInfo info = stream.info();
    int channels = info.channels();
    for (PcmSink s : sinks) {
      s.begin(info.sampleRateHz(), channels, info.frames());
    }
    float[] block = new float[BLOCK_FRAMES * channels];
    long total = 0;
    while (true) {
      token.throwIfCancelled();
      int n;
      try {
        n = stream.read(block, 0, BLOCK_FRAMES);
      } catch (SelectionException e) {
        throw e;
      } catch (RuntimeException e) {
        // A third-party decoder's bug or an unchecked parse failure: report it for this file only.
        throw new SelectionException(
            ErrorCode.INTERNAL_ERROR,
            "Decoder " + info.decoder() + " failed after " + total + " frames: " + e,
            e);
      }
      if (n < 0) {
        break;
      }
      if (n == 0 || n > BLOCK_FRAMES) {
        throw new SelectionException(
            ErrorCode.INTERNAL_ERROR,
            "Decoder "
                + info.decoder()
                + " returned "
                + n
                + " frames for a "
                + BLOCK_FRAMES
                + "-frame read");
      }
      for (PcmSink s : sinks) {
        s.accept(block, 0, n);
      }
      total += n;
    }
    for (PcmSink s : sinks) {
      s.end();
    }
    return total;
  }
}
