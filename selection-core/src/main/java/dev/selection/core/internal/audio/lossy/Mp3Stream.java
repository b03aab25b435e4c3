package dev.selection.core.internal.audio.lossy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.SongMetadata;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerError;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.Obuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open MP3 file decoded by JLayer, frame by frame, with FFmpeg-compatible gapless trimming. Only
 * loaded when JLayer is present. Not thread-safe.
 */
final class Mp3Stream implements AudioStream {
  private static final Logger LOG = LoggerFactory.getLogger(Mp3Stream.class);
  /**
   * Delay of the standard MPEG audio synthesis (528 samples plus one), which FFmpeg adds to the LAME
   * encoder delay (libavformat/mp3dec.c: {@code start_skip_samples = start_pad + 528 + 1}).
   */
  static final int DECODER_DELAY = 529;
  /** How far past the ID3v2 tags the first frame may start. */
  private static final int INITIAL_SCAN = 1 << 16;
  /** JLayer scales its synthesis output to this full-scale value (Decoder.initialize). */
  private static final float JLAYER_SCALE = 32700f;

  private final Path file;
  private final InputStream in;
  private final Mp3FrameReader reader;
  private final XingTag tag;
  private final AudioInfo info;
  private final int channels;
  private final int samplesPerFrame;
  private final long startSkip;
  private final long endLimit;
  private final FloatOutput output;
  private final Decoder decoder;
  private final Bitstream bitstream;

  private boolean pendingFirst;
  private IOException ioFailure;
  private long decodedSamples;
  private long framesDecoded;
  private int curPos;
  private int curEnd;
  private boolean ended;
  private boolean closed;

  Mp3Stream(Path file, String decoderName) {
    this.file = file;
    this.in = LossySupport.openFile(file);
    try {
      reader = new Mp3FrameReader(in);
      reader.skipId3v2Tags();
      if (!reader.findFirst(INITIAL_SCAN) || !reader.next()) {
        throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, "No MPEG audio frames in " + file);
      }
      MpegAudioHeader ref = reader.reference();
      channels = ref.channels();
      samplesPerFrame = ref.samplesPerFrame();
      tag = XingTag.parse(reader.frame, reader.frameLength, reader.frameHeader);
      pendingFirst = tag == null || !tag.skipsTagFrame();
      long frames = -1;
      double bitrate = ref.bitrateKbps();
      if (tag != null && tag.frames() > 0) {
        long total = tag.frames() * samplesPerFrame;
        frames = tag.hasGaplessInfo()
            ? Math.max(0, total - tag.encoderDelay() - tag.encoderPadding())
            : total;
        if (tag.bytes() > 0) {
          bitrate = tag.bytes() * 8.0 * ref.sampleRateHz() / total / 1000.0;
        }
      }
      if (tag != null && tag.hasGaplessInfo()) {
        startSkip = tag.encoderDelay() + DECODER_DELAY;
        endLimit = tag.frames() > 0
            ? tag.frames() * samplesPerFrame - tag.encoderPadding() + DECODER_DELAY
            : Long.MAX_VALUE;
      } else {
        startSkip = 0;
        endLimit = Long.MAX_VALUE;
      }
      info = new AudioInfo("mp3", ref.sampleRateHz(), channels, 0, frames, bitrate, decoderName);
      output = new FloatOutput(channels, Math.max(samplesPerFrame, 1152));
      decoder = new Decoder();
      decoder.setOutputBuffer(output);
      bitstream = new Bitstream(new FrameFeed());
    } catch (SelectionException e) {
      closeQuietly();
      throw e;
    } catch (IOException e) {
      closeQuietly();
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (RuntimeException | JavaLayerError e) {
      closeQuietly();
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Cannot start decoding " + file + ": " + e,
          e);
    }
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public int read(float[] buffer, int offset, int frames) {
    if (closed) {
      throw new IllegalStateException("Stream closed: " + file);
    }
    if (frames <= 0) {
      throw new IllegalArgumentException("frames must be > 0: " + frames);
    }
    while (true) {
      if (curPos < curEnd) {
        int n = Math.min(frames, curEnd - curPos);
        output.copy(curPos, n, buffer, offset);
        curPos += n;
        return n;
      }
      if (ended) {
        return -1;
      }
      if (decodedSamples >= endLimit) {
        // The padding may span whole frames (large LAME padding, 576-sample MPEG-2 frames): stop here.
        ended = true;
        return -1;
      }
      if (!decodeNext()) {
        ended = true;
        finish();
        return -1;
      }
    }
  }

  /** Decodes one frame; returns false at the end of the stream. */
  private boolean decodeNext() {
    try {
      Header h = bitstream.readFrame();
      if (h == null) {
        if (ioFailure != null) {
          throw ioFailure;
        }
        return false;
      }
      try {
        decoder.decodeFrame(h, bitstream);
      } finally {
        bitstream.closeFrame();
      }
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (JavaLayerException | RuntimeException | JavaLayerError e) {
      if (ioFailure != null) {
        throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + ioFailure,
            ioFailure);
      }
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO,
          "Damaged MP3 frame " + framesDecoded + " in " + file + ": " + e, e);
    }
    if (output.invalid) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO,
          "MP3 frame " + framesDecoded + " decodes to non-finite samples: " + file);
    }
    int got = output.frames();
    if (got < samplesPerFrame) {
      // JLayer skips a layer III frame whose bit reservoir is missing; keep the timeline as FFmpeg does.
      output.padTo(samplesPerFrame);
      got = samplesPerFrame;
    }
    long start = decodedSamples;
    decodedSamples += got;
    framesDecoded++;
    curPos = (int) Math.min(got, Math.max(0, startSkip - start));
    curEnd = (int) Math.min(got, Math.max(0, endLimit - start));
    return true;
  }

  private void finish() {
    if (reader.garbageRegions() > 0) {
      LOG.debug("Skipped {} bytes of garbage in {} regions of {}", reader.garbageBytes(),
          reader.garbageRegions(), file);
    }
    if (tag != null && tag.frames() > 0 && framesDecoded < tag.frames()) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Truncated MP3: " + framesDecoded + " of "
          + tag.frames() + " frames announced by its " + tag.kind() + " tag: " + file);
    }
    if (reader.truncatedTail()) {
      LOG.debug("Dropped an incomplete last frame of {}", file);
    }
  }

  /** ID3 tags are read by the tag parser, not by the decoder. */
  @Override
  public SongMetadata metadata() {
    return SongMetadata.EMPTY;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("Closing {}: {}", file, e.toString());
    }
  }

  /** Serves the frames of {@link #reader} back to back to JLayer's bit stream. */
  private final class FrameFeed extends InputStream {
    private int pos;
    private int len;

    private boolean advance() throws IOException {
      if (pendingFirst) {
        pendingFirst = false;
      } else {
        try {
          if (!reader.next()) {
            return false;
          }
        } catch (IOException e) {
          ioFailure = e;
          throw e;
        }
      }
      pos = 0;
      len = reader.frameLength;
      return true;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
      if (n == 0) {
        return 0;
      }
      while (pos == len) {
        if (!advance()) {
          return -1;
        }
      }
      int k = Math.min(n, len - pos);
      System.arraycopy(reader.frame, pos, b, off, k);
      pos += k;
      return k;
    }
  }

  /** Receives JLayer's synthesis output as floats (no 16-bit rounding), interleaving the channels. */
  static final class FloatOutput extends Obuffer {
    private final int channels;
    private final float[] data;
    private final int[] index;
    boolean invalid;

    FloatOutput(int channels, int maxFrames) {
      this.channels = channels;
      this.data = new float[maxFrames * channels];
      this.index = new int[channels];
    }

    @Override
    public void appendSamples(int channel, float[] f) {
      if (channel >= channels) {
        return;
      }
      int i = index[channel];
      int room = data.length / channels - i;
      int n = Math.min(f.length, room);
      int p = i * channels + channel;
      for (int k = 0; k < n; k++, p += channels) {
        float v = f[k] / JLAYER_SCALE;
        if (v != v) {
          invalid = true;
          v = 0;
        }
        data[p] = LossySupport.clamp(v);
      }
      index[channel] = i + n;
    }

    @Override
    public void append(int channel, short value) {
      appendSamples(channel, new float[] {value});
    }

    /** Frames (per channel) written since the last clear: the least over the channels. */
    int frames() {
      int n = Integer.MAX_VALUE;
      for (int i : index) {
        n = Math.min(n, i);
      }
      return n;
    }

    void padTo(int frames) {
      int from = frames() * channels;
      java.util.Arrays.fill(data, from, frames * channels, 0f);
      java.util.Arrays.fill(index, frames);
    }

    void copy(int fromFrame, int n, float[] dst, int dstOffset) {
      System.arraycopy(data, fromFrame * channels, dst, dstOffset, n * channels);
    }

    @Override
    public void write_buffer(int val) {}

    @Override
    public void close() {}

    @Override
    public void clear_buffer() {
      java.util.Arrays.fill(index, 0);
    }

    @Override
    public void set_stop_flag() {}
  }
}
