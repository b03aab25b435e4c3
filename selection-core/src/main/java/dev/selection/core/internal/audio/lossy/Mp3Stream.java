package dev.selection.core.internal.audio.lossy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioInfo;
import dev.selection.core.internal.audio.AbstractAudioStream;
import dev.selection.core.internal.audio.TaggedStream;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open MP3 file decoded frame by frame by our {@link MpegFrameDecoder}, with FFmpeg-compatible
 * gapless trimming. Memory is one read buffer, one frame and one frame of PCM, whatever the file's
 * length. Not thread-safe.
 */
final class Mp3Stream extends AbstractAudioStream implements TaggedStream {
  private static final Logger LOG = LoggerFactory.getLogger(Mp3Stream.class);

  /**
   * Delay of the standard MPEG audio synthesis (528 samples plus one), which FFmpeg adds to the
   * LAME encoder delay (libavformat/mp3dec.c: {@code start_skip_samples = start_pad + 528 + 1}).
   */
  static final int DECODER_DELAY = 529;

  /** How far past the ID3v2 tags the first frame may start. */
  private static final int INITIAL_SCAN = 1 << 16;

  private final InputStream in;
  private final Mp3FrameReader reader;
  private final XingTag tag;
  private final AudioInfo info;
  private final TrackTags tags;
  private final int channels;
  private final int samplesPerFrame;
  private final long startSkip;

  /**
   * FFmpeg's end trimming (libavformat: {@code first_discard_sample} / {@code last_discard_sample}
   * from the LAME tag): samples in [discardFrom, discardTo) are dropped, where discardTo is the
   * frame count of the tag times the samples per frame and discardFrom is that minus the padding
   * plus the decoder delay. A stream that goes on after discardTo (a frame count that is too small)
   * goes on being decoded, as in FFmpeg.
   */
  private final long discardFrom;

  private final long discardTo;
  private final MpegFrameDecoder decoder;

  /** Decodes frames whose channel count differs from the stream's (created when first needed). */
  private MpegFrameDecoder otherDecoder;

  /** The PCM of the current frame, in the stream's channel count. */
  private float[] pcm;

  private boolean pendingFirst;
  private long decodedSamples;
  private long framesDecoded;
  private int curPos;
  private int curEnd;

  Mp3Stream(Path file, String decoderName, TrackTags tags) {
    super(file);
    this.tags = tags;
    this.in = LossySupport.openFile(file);
    try {
      reader = new Mp3FrameReader(in);
      reader.skipId3v2Tags();
      if (!reader.findFirst(INITIAL_SCAN) || !reader.next()) {
        throw new SelectionException(
            ErrorCode.UNSUPPORTED_FORMAT, "No MPEG audio frames in " + file);
      }
      int ref = reader.reference();
      channels = MpegHeaders.channels(ref);
      samplesPerFrame = MpegHeaders.samplesPerFrame(ref);
      int rate = MpegHeaders.sampleRateHz(ref);
      tag =
          XingTag.parse(
              reader.frame,
              reader.frameLength,
              MpegAudioHeader.of(reader.frameHeader, reader.frameLength));
      pendingFirst = tag == null || !tag.skipsTagFrame();
      long frames = -1;
      double bitrate =
          MpegHeaders.freeFormat(ref)
              ? reader.frameLength * 8.0 * rate / samplesPerFrame / 1000.0
              : MpegHeaders.bitrateKbps(ref);
      if (tag != null && tag.frames() > 0) {
        long total = tag.frames() * samplesPerFrame;
        frames =
            tag.hasGaplessInfo()
                ? Math.max(0, total - tag.encoderDelay() - tag.encoderPadding())
                : total;
        if (tag.bytes() > 0) {
          bitrate = tag.bytes() * 8.0 * rate / total / 1000.0;
        }
      }
      if (tag != null && tag.hasGaplessInfo()) {
        startSkip = tag.encoderDelay() + DECODER_DELAY;
        discardTo = tag.frames() > 0 ? tag.frames() * samplesPerFrame : 0;
        discardFrom = discardTo - tag.encoderPadding() + DECODER_DELAY;
      } else {
        startSkip = 0;
        // Without a LAME tag FFmpeg trims nothing, not even to the Xing frame count.
        discardFrom = 0;
        discardTo = 0;
      }
      info = new AudioInfo("mp3", rate, channels, 0, frames, bitrate, decoderName);
      decoder = new MpegFrameDecoder(channels);
      pcm = decoder.pcm;
    } catch (SelectionException e) {
      release();
      throw e;
    } catch (IOException e) {
      release();
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (RuntimeException e) {
      release();
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO, "Cannot start decoding " + file + ": " + e, e);
    }
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  protected int readFrames(float[] buffer, int offset, int frames) {
    while (true) {
      if (curPos < curEnd) {
        int n = Math.min(frames, curEnd - curPos);
        System.arraycopy(pcm, curPos * channels, buffer, offset, n * channels);
        curPos += n;
        return n;
      }
      if (!decodeNext()) {
        markEnded();
        finish();
        return -1;
      }
    }
  }

  /** Decodes one frame; returns false at the end of the stream. */
  private boolean decodeNext() {
    int got = 0;
    try {
      while (got == 0) {
        if (pendingFirst) {
          pendingFirst = false;
        } else if (!reader.next()) {
          return false;
        }
        // Frames with invalid side information are skipped (0 samples), as FFmpeg does.
        int h = reader.frameHeader;
        if (MpegHeaders.channels(h) == channels) {
          got = decoder.decode(reader.frame, reader.frameLength, h);
          pcm = decoder.pcm;
        } else {
          got = decodeOtherChannels(h);
        }
      }
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (RuntimeException e) {
      // Our decoder bounds every index by construction; anything else is a bug to report per file.
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO,
          "Damaged MP3 frame " + framesDecoded + " in " + file + ": " + e,
          e);
    }
    long start = decodedSamples;
    decodedSamples += got;
    framesDecoded++;
    curPos = (int) Math.min(got, Math.max(0, startSkip - start));
    // The padding may span whole frames (large LAME padding, 576-sample MPEG-2 frames); the frame
    // count makes discardTo a frame boundary, so the dropped samples end every frame they touch.
    curEnd = start + got <= discardTo ? (int) Math.min(got, Math.max(0, discardFrom - start)) : got;
    return true;
  }

  /**
   * Decodes a frame whose channel mode switched between mono and stereo (rare; the ISO compliance
   * stream he_mode does it) and converts it to the stream's channel count: stereo to mono as the
   * mean of the channels, mono to stereo by duplication.
   */
  private int decodeOtherChannels(int h) {
    if (otherDecoder == null) {
      otherDecoder = new MpegFrameDecoder(MpegHeaders.channels(h));
    }
    int got = otherDecoder.decode(reader.frame, reader.frameLength, h);
    float[] src = otherDecoder.pcm;
    float[] dst = decoder.pcm;
    if (channels == 1) {
      for (int i = 0; i < got; i++) {
        dst[i] = 0.5f * (src[2 * i] + src[2 * i + 1]);
      }
    } else {
      for (int i = 0; i < got; i++) {
        dst[2 * i] = src[i];
        dst[2 * i + 1] = src[i];
      }
    }
    pcm = dst;
    return got;
  }

  private void finish() {
    if (reader.garbageRegions() > 0) {
      LOG.debug(
          "Skipped {} bytes of garbage in {} regions of {}",
          reader.garbageBytes(),
          reader.garbageRegions(),
          file);
    }
    if (decoder.crcFailures() > 0 || decoder.framesSkipped() > 0) {
      LOG.debug(
          "{}: {} frames failed their CRC, {} had invalid side information",
          file,
          decoder.crcFailures(),
          decoder.framesSkipped());
    }
    if (tag != null && tag.frames() > 0 && framesDecoded < tag.frames()) {
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO,
          "Truncated MP3: "
              + framesDecoded
              + " of "
              + tag.frames()
              + " frames announced by its "
              + tag.kind()
              + " tag: "
              + file);
    }
    if (reader.truncatedTail()) {
      LOG.debug(
          "The last frame of {} is incomplete; decoded with its missing bytes as zeros", file);
    }
  }

  @Override
  public TrackTags tags() {
    return tags;
  }

  @Override
  protected void release() {
    LossySupport.closeQuietly(in, file, LOG);
  }
}
