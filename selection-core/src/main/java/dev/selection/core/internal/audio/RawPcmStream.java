package dev.selection.core.internal.audio;

import dev.selection.api.spi.AudioInfo;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.ByteBuffer;

/**
 * Streams uncompressed PCM from a byte range of a file (the WAV {@code data} or AIFF {@code SSND}
 * chunk) through a fixed 64 KiB buffer, so memory stays bounded whatever the file's length. Not
 * thread-safe.
 */
final class RawPcmStream extends AbstractAudioStream implements TaggedStream {
  private static final int BUFFER_BYTES = 1 << 16;

  private final SourceFile src;
  private final AudioInfo info;
  private final SampleEncoding encoding;
  private final TrackTags tags;
  private final int frameBytes;
  private final ByteBuffer buffer;
  private long remainingFrames;

  RawPcmStream(
      SourceFile src,
      AudioInfo info,
      SampleEncoding encoding,
      long dataStart,
      long frames,
      TrackTags tags) {
    super(src.path());
    this.src = src;
    this.info = info;
    this.encoding = encoding;
    this.tags = tags;
    this.frameBytes = encoding.bytes() * info.channels();
    this.buffer = ByteBuffer.allocate(Math.max(frameBytes, BUFFER_BYTES / frameBytes * frameBytes));
    this.remainingFrames = frames;
    src.position(dataStart);
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  protected int readFrames(float[] out, int offset, int frames) {
    if (remainingFrames <= 0) {
      return -1;
    }
    int n = (int) Math.min(Math.min(frames, remainingFrames), buffer.capacity() / frameBytes);
    buffer.clear().limit(n * frameBytes);
    src.readFully(buffer, "the audio data");
    encoding.decode(buffer.array(), 0, out, offset, n * info.channels());
    remainingFrames -= n;
    return n;
  }

  @Override
  public TrackTags tags() {
    return tags;
  }

  @Override
  protected void release() {
    src.close();
  }
}
