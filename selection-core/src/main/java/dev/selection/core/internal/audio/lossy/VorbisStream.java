package dev.selection.core.internal.audio.lossy;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioInfo;
import dev.selection.core.internal.audio.AbstractAudioStream;
import dev.selection.core.internal.audio.TaggedStream;
import dev.selection.core.internal.audio.tags.TagCollector;
import dev.selection.core.internal.audio.tags.TrackTags;
import dev.selection.core.internal.audio.tags.VorbisComments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open Ogg Vorbis file decoded by JOrbis, packet by packet, to float PCM. Only loaded when
 * JOrbis is present. Not thread-safe.
 *
 * <p>Trimming follows the Vorbis I specification (section A.2, granule positions): the final page's
 * granule position gives the last sample; when the first audio page's granule position is smaller
 * than the samples its packets decode to, the difference is dropped at the start.
 */
final class VorbisStream extends AbstractAudioStream implements TaggedStream {
  private static final Logger LOG = LoggerFactory.getLogger(VorbisStream.class);
  private static final int CHUNK = 8192;
  private static final int TAIL_SCAN = 1 << 16;

  /** The start of a comment header packet: packet type 3 and "vorbis". */
  private static final byte[] COMMENT_MAGIC = {3, 'v', 'o', 'r', 'b', 'i', 's'};

  /** An empty comment header (no vendor, no comments, framing bit) given to JOrbis. */
  private static final byte[] EMPTY_COMMENT_PACKET = {
    3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1
  };

  private final InputStream in;
  private final SyncState oy = new SyncState();
  private final StreamState os = new StreamState();
  private final Page og = new Page();
  private final Packet op = new Packet();
  private final Info vi = new Info();
  private final Comment vc = new Comment();
  private final DspState vd = new DspState();
  private final Block vb;
  private final int serial;
  private final int channels;
  private final AudioInfo info;
  private final TrackTags tags;
  private final float[][][] pcmRef = new float[1][][];
  private final int[] pcmIndex;

  /**
   * Decoded, not yet served frames, interleaved; {@code queueStartD} is the decoded index of the
   * first.
   */
  private float[] queue = new float[CHUNK];

  private int queueFrames;
  private int queueHead;
  private long queueStartD;
  private long decodedFrames;

  private boolean eof;
  private boolean eosSeen;
  private boolean inputDone;
  private boolean truncated;
  private boolean startResolved;
  private boolean firstAudioPageIn;
  private long firstGranule = -1;
  private long endGranule = -1;
  private long startSkip;
  private long endLimit = Long.MAX_VALUE;
  private int holes;
  private int badPackets;

  /** All is decoded; what is left in the queue is still served. */
  private boolean allDecoded;

  VorbisStream(Path file, String decoderName) {
    super(file);
    this.in = LossySupport.openFile(file);
    try {
      oy.init();
      if (!nextPage() || og.bos() == 0) {
        throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, "Not an Ogg stream: " + file);
      }
      serial = og.serialno();
      os.init(serial);
      vi.init();
      vc.init();
      if (os.pagein(og) < 0 || os.packetout(op) != 1 || vi.synthesis_headerin(vc, op) < 0) {
        throw new SelectionException(
            ErrorCode.UNSUPPORTED_FORMAT, "First Ogg stream is not Vorbis: " + file);
      }
      int nominalBps = le32(op.packet_base, op.packet + 20, op.bytes - 20);
      TrackTags comments = TrackTags.EMPTY;
      int headers = 0;
      while (headers < 2) {
        int r = os.packetout(op);
        if (r == 1) {
          if (headers == 0) {
            // Our own tolerant parser reads the tags; JOrbis gets an empty comment header so that
            // broken tags cannot stop decoding.
            comments = parseCommentPacket(op.packet_base, op.packet, op.bytes);
            Packet empty = new Packet();
            empty.packet_base = EMPTY_COMMENT_PACKET;
            empty.packet = 0;
            empty.bytes = EMPTY_COMMENT_PACKET.length;
            empty.packetno = 1;
            if (vi.synthesis_headerin(vc, empty) < 0) {
              throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Bad Vorbis headers: " + file);
            }
          } else if (vi.synthesis_headerin(vc, op) < 0) {
            throw new SelectionException(
                ErrorCode.CORRUPT_AUDIO, "Bad Vorbis setup header: " + file);
          }
          headers++;
        } else if (r < 0) {
          throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Damaged Vorbis headers: " + file);
        } else {
          if (!nextPage()) {
            throw new SelectionException(
                ErrorCode.CORRUPT_AUDIO, "Ogg Vorbis file ends inside its headers: " + file);
          }
          if (og.serialno() == serial && os.pagein(og) < 0) {
            throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Damaged Ogg page: " + file);
          }
        }
      }
      tags = comments;
      channels = vi.channels;
      if (channels <= 0 || channels > 255 || vi.rate <= 0) {
        throw new SelectionException(
            ErrorCode.CORRUPT_AUDIO,
            "Bad Vorbis format (" + channels + " channels, " + vi.rate + " Hz): " + file);
      }
      vd.synthesis_init(vi);
      vb = new Block(vd);
      pcmIndex = new int[channels];
      queue = new float[CHUNK * channels];
      long frames = lastGranule(file, serial);
      double bitrate = 0;
      long size = Files.size(file);
      if (frames > 0) {
        bitrate = size * 8.0 * vi.rate / frames / 1000.0;
      } else if (nominalBps > 0) {
        bitrate = nominalBps / 1000.0;
      }
      info =
          new AudioInfo(
              "ogg", vi.rate, channels, 0, frames > 0 ? frames : -1, bitrate, decoderName);
    } catch (SelectionException e) {
      release();
      throw e;
    } catch (IOException e) {
      release();
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (RuntimeException | LinkageError e) {
      release();
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO, "Damaged Vorbis headers in " + file + ": " + e, e);
    }
  }

  private static int le32(byte[] b, int o, int avail) {
    if (avail < 4 || b == null || o < 0 || o + 4 > b.length) {
      return 0;
    }
    return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((b[o + 2] & 0xFF) << 16) | (b[o + 3] << 24);
  }

  /**
   * Returns the granule position of the stream's last page found near the end of the file, or -1.
   */
  private static long lastGranule(Path file, int serial) {
    try {
      long size = Files.size(file);
      long from = Math.max(0, size - TAIL_SCAN);
      byte[] b = LossySupport.readAt(file, from, (int) (size - from));
      for (int i = b.length - 27; i >= 0; i--) {
        if (b[i] == 'O'
            && b[i + 1] == 'g'
            && b[i + 2] == 'g'
            && b[i + 3] == 'S'
            && b[i + 4] == 0
            && le32(b, i + 14, 4) == serial) {
          long g = (le32(b, i + 6, 4) & 0xFFFFFFFFL) | ((long) le32(b, i + 10, 4) << 32);
          if (g >= 0) {
            return g;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("No end granule for {}: {}", file, e.toString());
    }
    return -1;
  }

  /** Reads the next page into {@link #og}; returns false at the end of the file. */
  private boolean nextPage() throws IOException {
    while (true) {
      int r = oy.pageout(og);
      if (r == 1) {
        return true;
      }
      if (r < 0) {
        continue; // bytes skipped to find the next capture pattern
      }
      if (eof) {
        return false;
      }
      int idx = oy.buffer(CHUNK);
      int n = in.read(oy.data, idx, CHUNK);
      if (n < 0) {
        eof = true;
      } else {
        oy.wrote(n);
      }
    }
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  protected int readFrames(float[] buffer, int offset, int frames) {
    try {
      while (true) {
        if (startResolved && queueFrames > 0) {
          // Drop what lies before the start or after the end.
          long drop = Math.min(queueFrames, Math.max(0, startSkip - queueStartD));
          consume((int) drop);
          long avail = Math.min(queueFrames, endLimit - queueStartD);
          if (avail > 0) {
            int n = (int) Math.min(frames, avail);
            System.arraycopy(queue, queueHead * channels, buffer, offset, n * channels);
            consume(n);
            return n;
          }
          if (endLimit <= queueStartD) {
            consume(queueFrames);
          }
        }
        if (allDecoded) {
          return -1;
        }
        if (!step()) {
          allDecoded = true;
          startResolved = true;
          finish();
        }
      }
    } catch (SelectionException e) {
      throw e;
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (RuntimeException | LinkageError e) {
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO, "Damaged Vorbis data in " + file + ": " + e, e);
    }
  }

  private void consume(int n) {
    queueHead += n;
    queueFrames -= n;
    queueStartD += n;
    if (queueFrames == 0) {
      queueHead = 0;
    }
  }

  /**
   * Makes one unit of progress: PCM out, a packet in or a page in. Returns false when all is
   * decoded.
   */
  private boolean step() throws IOException {
    int n = vd.synthesis_pcmout(pcmRef, pcmIndex);
    if (n > 0) {
      append(n);
      vd.synthesis_read(n);
      return true;
    }
    if (inputDone) {
      return false;
    }
    int r = os.packetout(op);
    if (r == 1) {
      if (vb.synthesis(op) == 0) {
        vd.synthesis_blockin(vb);
      } else {
        badPackets++;
      }
      return true;
    }
    if (r < 0) {
      holes++;
      return true;
    }
    // Every packet of the pages so far is decoded.
    if (firstAudioPageIn && !startResolved) {
      resolveStart();
    }
    if (eosSeen) {
      inputDone = true;
      return true;
    }
    if (!nextPage()) {
      truncated = true;
      inputDone = true;
      return true;
    }
    if (og.serialno() != serial) {
      return true; // another multiplexed stream, or a chained one we do not decode
    }
    if (os.pagein(og) < 0) {
      holes++;
      return true;
    }
    long g = og.granulepos();
    boolean eos = og.eos() != 0;
    if (!firstAudioPageIn && !startResolved) {
      firstAudioPageIn = true;
      firstGranule = eos ? -1 : g; // a single-page stream is trimmed at its end only
    }
    if (eos) {
      eosSeen = true;
      endGranule = g;
      if (startResolved && g >= 0) {
        endLimit = g + offsetD;
      }
    }
    return true;
  }

  /** Decoded index minus granule position (see {@link #resolveStart}). */
  private long offsetD;

  /** Called once every packet of the first audio page is decoded. */
  private void resolveStart() {
    startResolved = true;
    if (firstGranule >= 0) {
      offsetD = decodedFrames - firstGranule;
      startSkip = Math.max(0, offsetD);
    }
    if (eosSeen && endGranule >= 0) {
      endLimit = endGranule + offsetD;
    }
  }

  private void append(int n) {
    float[][] pcm = pcmRef[0];
    int need = (queueHead + queueFrames + n) * channels;
    if (need > queue.length) {
      if (queueHead > 0) {
        System.arraycopy(queue, queueHead * channels, queue, 0, queueFrames * channels);
        queueHead = 0;
      }
      need = (queueFrames + n) * channels;
      if (need > queue.length) {
        queue = java.util.Arrays.copyOf(queue, Math.max(need, queue.length * 2));
      }
    }
    int base = (queueHead + queueFrames) * channels;
    for (int c = 0; c < channels; c++) {
      float[] src = pcm[c];
      int s = pcmIndex[c];
      for (int i = 0, p = base + c; i < n; i++, p += channels) {
        float v = src[s + i];
        if (!Float.isFinite(v)) {
          throw new SelectionException(
              ErrorCode.CORRUPT_AUDIO, "Vorbis data decodes to non-finite samples: " + file);
        }
        queue[p] = LossySupport.clamp(v);
      }
    }
    queueFrames += n;
    decodedFrames += n;
  }

  private void finish() {
    if (holes > 0 || badPackets > 0) {
      LOG.debug("{}: {} gaps and {} undecodable packets skipped", file, holes, badPackets);
    }
    if (truncated) {
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO, "Truncated Ogg Vorbis file (no end-of-stream page): " + file);
    }
  }

  /** Returns the Vorbis comments as tags, BPM and initial key included. */
  @Override
  public TrackTags tags() {
    return tags;
  }

  /**
   * Parses a Vorbis comment header packet ({@code 0x03 "vorbis"}, then the comment block of the
   * Vorbis I specification, section 5) with the tag code every decoder shares; never throws, and
   * keeps what it read before any damage.
   *
   * @param p the packet bytes
   * @param off where the packet starts
   * @param len the packet length
   */
  static TrackTags parseCommentPacket(byte[] p, int off, int len) {
    if (p == null || off < 0 || len < COMMENT_MAGIC.length || off + len > p.length) {
      return TrackTags.EMPTY;
    }
    for (int i = 0; i < COMMENT_MAGIC.length; i++) {
      if (p[off + i] != COMMENT_MAGIC[i]) {
        return TrackTags.EMPTY;
      }
    }
    TagCollector c = new TagCollector();
    VorbisComments.parse(p, off + COMMENT_MAGIC.length, off + len, c);
    return c.toTags();
  }

  @Override
  protected void release() {
    LossySupport.closeQuietly(in, file, LOG);
  }
}
