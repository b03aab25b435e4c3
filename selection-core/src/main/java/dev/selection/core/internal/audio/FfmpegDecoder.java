package dev.selection.core.internal.audio;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.tags.Id3Tags;
import dev.selection.core.internal.audio.tags.TagCollector;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes any format the host's {@code ffmpeg} understands by piping raw PCM from its stdout:
 * {@code s32le} for integer sources (exact for 8..32-bit), {@code f32le} for float and lossy
 * sources, always at the native rate and channel count. Rate and channels are probed first with
 * {@code ffprobe} (next to ffmpeg), falling back to parsing {@code ffmpeg -i}. The executable is
 * the system property {@value #PATH_PROPERTY}, else {@code ffmpeg} on the {@code PATH}; without
 * one, {@link #canDecode} is false. Lowest priority: used only when no pure-Java decoder accepts a
 * file. Closing a stream kills the process. Thread-safe.
 */
public final class FfmpegDecoder implements AudioDecoder {
  /** System property naming the ffmpeg executable. */
  public static final String PATH_PROPERTY = "selection.ffmpeg";

  private static final Logger LOG = LoggerFactory.getLogger(FfmpegDecoder.class);
  private static final long PROBE_TIMEOUT_SEC = 30;
  private static final int STDERR_KEEP = 4096;
  private static final Pattern STREAM_LINE =
      Pattern.compile(
          "Stream #\\d+:\\d+.*?: Audio: ([^,\\s]+).*?, (\\d+) Hz, ([^,]+), ([a-z0-9]+)");
  private static final Pattern DURATION =
      Pattern.compile("Duration: (\\d+):(\\d+):(\\d+(?:\\.\\d+)?)");

  private final Path ffmpeg;

  /** Uses the executable of {@value #PATH_PROPERTY} or {@code ffmpeg} on the PATH, if any. */
  public FfmpegDecoder() {
    this(locate().orElse(null));
  }

  /**
   * Uses the given executable.
   *
   * @param ffmpeg path of the ffmpeg executable, or null for a decoder that accepts nothing
   */
  public FfmpegDecoder(Path ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** Returns the ffmpeg configured by {@value #PATH_PROPERTY} or found on the PATH. */
  public static Optional<Path> locate() {
    String configured = System.getProperty(PATH_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, windows ? "ffmpeg.exe" : "ffmpeg");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Returns true when an ffmpeg executable is configured. */
  public boolean isAvailable() {
    return ffmpeg != null;
  }

  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public boolean canDecode(Path file, byte[] head) {
    return ffmpeg != null && head.length > 0;
  }

  @Override
  public AudioStream open(Path file) {
    if (ffmpeg == null) {
      throw new SelectionException(
          ErrorCode.UNSUPPORTED_FORMAT, "ffmpeg is not available: " + file);
    }
    SourceFile.checkReadableRegularFile(file);
    Probe probe = probe(file);
    List<String> cmd =
        List.of(
            ffmpeg.toString(),
            "-nostdin",
            "-hide_banner",
            "-v",
            "error",
            "-i",
            file.toAbsolutePath().toString(),
            "-map",
            "0:a:0",
            "-vn",
            "-sn",
            "-dn",
            "-f",
            probe.integer ? "s32le" : "f32le",
            "-acodec",
            probe.integer ? "pcm_s32le" : "pcm_f32le",
            "-");
    Process process;
    try {
      process = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Cannot start " + ffmpeg + ": " + e.getMessage(), e);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      process.destroyForcibly();
      throw SourceFile.ioError(file, e);
    }
    long frames = probe.durationSec > 0 ? Math.round(probe.durationSec * probe.rateHz) : -1;
    double bitrate =
        probe.bitrateKbps > 0
            ? probe.bitrateKbps
            : probe.durationSec > 0 ? size * 8 / probe.durationSec / 1000 : 0;
    AudioInfo info =
        new AudioInfo(
            probe.format, probe.rateHz, probe.channels, probe.bits, frames, bitrate, name());
    return new FfmpegStream(file, process, info, probe.integer, probe.tags);
  }

  /** What the probe found. */
  private record Probe(
      String format,
      int rateHz,
      int channels,
      int bits,
      boolean integer,
      double durationSec,
      double bitrateKbps,
      TrackTags tags) {}

  private Probe probe(Path file) {
    // `ffmpeg -i FILE` with no output prints the input description on stderr and exits 1.
    List<String> cmd =
        List.of(
            ffmpeg.toString(), "-nostdin", "-hide_banner", "-i", file.toAbsolutePath().toString());
    String out = runForOutput(cmd, file);
    Matcher m = STREAM_LINE.matcher(out);
    if (!m.find()) {
      throw new SelectionException(
          ErrorCode.UNSUPPORTED_FORMAT, "ffmpeg found no audio stream in " + file + lastLine(out));
    }
    String codec = m.group(1);
    int rate = Integer.parseInt(m.group(2));
    int channels = channelCount(m.group(3).trim());
    String sampleFmt = m.group(4);
    if (rate <= 0 || channels <= 0) {
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO,
          "ffmpeg reports " + rate + " Hz, " + channels + " channels for " + file);
    }
    boolean integer = sampleFmt.startsWith("s") || sampleFmt.startsWith("u");
    int bits = 0;
    if (codec.startsWith("pcm_")
        || codec.equals("flac")
        || codec.equals("alac")
        || codec.startsWith("wavpack")) {
      Matcher bm = Pattern.compile("\\((\\d+) bit\\)").matcher(out.substring(m.start()));
      if (bm.find()) {
        bits = Integer.parseInt(bm.group(1));
      } else if (sampleFmt.startsWith("s16")) {
        bits = 16;
      } else if (sampleFmt.startsWith("s32") || sampleFmt.startsWith("flt")) {
        bits = 32;
      } else if (sampleFmt.startsWith("u8")) {
        bits = 8;
      }
    } else {
      integer = false; // lossy: float output keeps the decoder's full precision
    }
    double duration = -1;
    Matcher dm = DURATION.matcher(out);
    if (dm.find()) {
      duration =
          Integer.parseInt(dm.group(1)) * 3600.0
              + Integer.parseInt(dm.group(2)) * 60.0
              + Double.parseDouble(dm.group(3));
    }
    double bitrate = 0;
    Matcher brm = Pattern.compile("bitrate: (\\d+) kb/s").matcher(out);
    if (brm.find()) {
      bitrate = Double.parseDouble(brm.group(1));
    }
    String format = codec.startsWith("pcm_") ? "pcm" : codec;
    return new Probe(format, rate, channels, bits, integer, duration, bitrate, tags(out));
  }

  /**
   * Reads the input's "Metadata:" blocks of {@code ffmpeg -i} ({@code "key : value"} lines indented
   * below them), container tags before stream tags. Tolerant: anything unexpected yields fewer
   * tags.
   */
  static TrackTags tags(String probeOutput) {
    TagCollector c = new TagCollector();
    boolean inInput = false;
    int metaIndent = -1; // indent of the open "Metadata:" line, or -1
    for (String line : probeOutput.split("\\R")) {
      if (line.startsWith("Input #0")) {
        inInput = true;
        continue;
      }
      if (!inInput) {
        continue;
      }
      if (line.startsWith("Input #") || line.startsWith("Output #")) {
        break;
      }
      String t = line.strip();
      int indent = line.length() - line.stripLeading().length();
      if (metaIndent >= 0 && indent <= metaIndent) {
        metaIndent = -1;
      }
      if (t.equals("Metadata:")) {
        metaIndent = indent; // container tags first, then stream tags (first value wins)
        continue;
      }
      if (metaIndent < 0) {
        continue;
      }
      int colon = t.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = t.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = t.substring(colon + 1).strip();
      switch (key) {
        case "title" -> c.title(value);
        case "artist" -> c.artist(value);
        case "album" -> c.album(value);
        case "genre" -> {
          for (String g : Id3Tags.parseGenre(value)) {
            c.genre(g);
          }
        }
        case "date", "year" -> c.date(value);
        case "tbpm", "bpm" -> c.bpm(value);
        case "tkey", "initialkey", "key" -> c.key(value);
        case "comment" -> c.comment(value);
        default -> {}
      }
    }
    return c.toTags();
  }

  private static int channelCount(String layout) {
    switch (layout) {
      case "mono":
        return 1;
      case "stereo":
        return 2;
      case "2.1":
      case "3.0":
        return 3;
      case "quad":
      case "4.0":
        return 4;
      case "5.0":
      case "5.0(side)":
        return 5;
      case "5.1":
      case "5.1(side)":
        return 6;
      case "6.1":
        return 7;
      case "7.1":
        return 8;
      default:
        Matcher m = Pattern.compile("(\\d+) channels").matcher(layout);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
  }

  private String runForOutput(List<String> cmd, Path file) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Cannot start " + ffmpeg + ": " + e.getMessage(), e);
    }
    try {
      p.getOutputStream().close();
      BoundedDrain drain = new BoundedDrain(p.getInputStream(), 1 << 16);
      drain.start();
      if (!p.waitFor(PROBE_TIMEOUT_SEC, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SelectionException(
            ErrorCode.IO_ERROR,
            "ffmpeg probe timed out after " + PROBE_TIMEOUT_SEC + " s: " + file);
      }
      drain.join(TimeUnit.SECONDS.toMillis(5));
      return drain.text();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SelectionException(ErrorCode.CANCELLED, "Interrupted while probing " + file, e);
    } catch (IOException e) {
      p.destroyForcibly();
      throw new SelectionException(ErrorCode.IO_ERROR, "ffmpeg probe failed for " + file, e);
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\\R");
    return lines.length == 0 || lines[lines.length - 1].isBlank()
        ? ""
        : " (" + lines[lines.length - 1].strip() + ")";
  }

  /** Reads a stream to its end on a daemon thread, keeping only the first {@code keep} bytes. */
  private static final class BoundedDrain extends Thread {
    private final InputStream in;
    private final int keep;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    BoundedDrain(InputStream in, int keep) {
      super("ffmpeg-drain");
      setDaemon(true);
      this.in = in;
      this.keep = keep;
    }

    @Override
    public void run() {
      byte[] b = new byte[4096];
      try {
        int r;
        while ((r = in.read(b)) >= 0) {
          synchronized (kept) {
            if (kept.size() < keep) {
              kept.write(b, 0, Math.min(r, keep - kept.size()));
            }
          }
        }
      } catch (IOException e) {
        // process killed or closed: nothing more to keep
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /** Reads ffmpeg's stdout as interleaved 32-bit little-endian samples. */
  private static final class FfmpegStream extends AbstractAudioStream implements TaggedStream {
    private final Process process;
    private final AudioInfo info;
    private final boolean integer;
    private final TrackTags tags;
    private final InputStream stdout;
    private final BoundedDrain stderr;
    private final byte[] buf;
    private int carry;

    FfmpegStream(Path file, Process process, AudioInfo info, boolean integer, TrackTags tags) {
      super(file);
      this.tags = tags;
      this.process = process;
      this.info = info;
      this.integer = integer;
      this.stdout = process.getInputStream();
      this.stderr = new BoundedDrain(process.getErrorStream(), STDERR_KEEP);
      this.stderr.start();
      this.buf =
          new byte
              [Math.max(
                  4 * info.channels(), (1 << 16) / (4 * info.channels()) * (4 * info.channels()))];
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // stdin is unused (-nostdin)
      }
    }

    @Override
    public AudioInfo info() {
      return info;
    }

    @Override
    protected int readFrames(float[] out, int offset, int frames) {
      int frameBytes = 4 * info.channels();
      int want = Math.min(frames, buf.length / frameBytes) * frameBytes;
      int have = carry;
      try {
        while (have < frameBytes) {
          int r = stdout.read(buf, have, want - have);
          if (r < 0) {
            finish();
            return -1;
          }
          have += r;
        }
      } catch (IOException e) {
        throw new SelectionException(ErrorCode.IO_ERROR, "Reading from ffmpeg failed: " + file, e);
      }
      int n = have / frameBytes;
      int samples = n * info.channels();
      for (int i = 0, p = 0; i < samples; i++, p += 4) {
        int bits =
            (buf[p] & 0xff)
                | ((buf[p + 1] & 0xff) << 8)
                | ((buf[p + 2] & 0xff) << 16)
                | (buf[p + 3] << 24);
        out[offset + i] =
            integer
                ? (float) (bits / 2147483648.0)
                : SampleEncoding.sanitize(Float.intBitsToFloat(bits));
      }
      carry = have - n * frameBytes;
      System.arraycopy(buf, n * frameBytes, buf, 0, carry);
      return n;
    }

    private void finish() {
      markEnded();
      try {
        if (!process.waitFor(PROBE_TIMEOUT_SEC, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new SelectionException(ErrorCode.IO_ERROR, "ffmpeg did not exit: " + file);
        }
        stderr.join(1000);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new SelectionException(ErrorCode.CANCELLED, "Interrupted while decoding " + file, e);
      }
      if (process.exitValue() != 0) {
        throw new SelectionException(
            ErrorCode.CORRUPT_AUDIO,
            "ffmpeg failed (exit "
                + process.exitValue()
                + ") on "
                + file
                + lastLine(stderr.text()));
      }
    }

    @Override
    public TrackTags tags() {
      return tags;
    }

    @Override
    protected void release() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        stdout.close();
      } catch (IOException e) {
        LOG.debug("Closing ffmpeg stdout for {} failed", file, e);
      }
    }
  }
}
