package dev.selection.core.internal.audio;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.spi.DecoderProvider;
import dev.selection.api.spi.NamedSpiLoader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a decoder for a file by its content: host-given decoders first (in the order given), then
 * discovered ones by descending {@link AudioDecoder#priority()}. Reads the first {@link
 * AudioDecoder#HEAD_BYTES} bytes, asks each decoder in turn, and opens the file with the first that
 * accepts it; a decoder that accepts but then finds the variant unsupported ({@code
 * UNSUPPORTED_FORMAT}, e.g. ADPCM in WAV) passes the file on to the next. Thread-safe.
 */
public final class DecoderRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DecoderRegistry.class);

  private final List<AudioDecoder> decoders;

  /**
   * Creates a registry.
   *
   * @param hostDecoders decoders given by the host; they are tried first, in this order
   * @param discovered other decoders; tried after, by descending priority (stable for ties)
   */
  public DecoderRegistry(
      List<? extends AudioDecoder> hostDecoders, List<? extends AudioDecoder> discovered) {
    List<AudioDecoder> all = new ArrayList<>(hostDecoders);
    List<AudioDecoder> rest = new ArrayList<>(discovered);
    rest.sort(Comparator.comparingInt(AudioDecoder::priority).reversed());
    for (AudioDecoder d : rest) {
      boolean shadowed = all.stream().anyMatch(h -> h.name().equals(d.name()));
      if (!shadowed) {
        all.add(d);
      }
    }
    this.decoders = List.copyOf(all);
  }

  /**
   * Returns a registry of the configuration's decoders followed by those of the {@link
   * DecoderProvider}s on this class's module layer or class path, created for {@code config}. A
   * provider named like one of the host's decoders is not used (the host's wins); one that fails to
   * create its decoder is skipped with a warning.
   */
  public static DecoderRegistry discover(AnalysisConfig config) {
    List<AudioDecoder> found = new ArrayList<>();
    for (DecoderProvider p :
        NamedSpiLoader.load(DecoderProvider.class, DecoderRegistry.class.getClassLoader())) {
      if (config.decoders().stream().anyMatch(d -> d.name().equals(p.name()))) {
        continue;
      }
      try {
        found.add(Objects.requireNonNull(p.create(config), "decoder"));
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("Skipping audio decoder {}: {}", p.name(), e.toString());
      }
    }
    return new DecoderRegistry(config.decoders(), found);
  }

  /** Returns {@link #discover(AnalysisConfig)} of the default configuration. */
  public static DecoderRegistry discover() {
    return discover(AnalysisConfig.defaults());
  }

  /** Returns the decoders in the order they are tried. */
  public List<AudioDecoder> decoders() {
    return decoders;
  }

  /** Lowest sample rate believed: below it a header is damaged, not audio (8 kHz is telephony). */
  public static final int MIN_SAMPLE_RATE_HZ = 1000;

  /** Highest sample rate believed: twice 768 kHz, the highest rate of any PCM format in use. */
  public static final int MAX_SAMPLE_RATE_HZ = 1_536_000;

  /** Most channels believed (WAV's channel mask names 18 speakers; some formats allow 255). */
  public static final int MAX_CHANNELS = 255;

  /**
   * Opens a file with the first decoder that recognises and supports it.
   *
   * @throws SelectionException {@code IO_ERROR} when the file is missing, not a regular file (a
   *     directory, FIFO or device is refused without opening it) or unreadable; {@code
   *     UNSUPPORTED_FORMAT} naming the decoders tried when none accepts it; {@code CORRUPT_AUDIO}
   *     from the chosen decoder, or when the header declares a sample rate outside {@value
   *     #MIN_SAMPLE_RATE_HZ}..{@value #MAX_SAMPLE_RATE_HZ} Hz or no or over {@value #MAX_CHANNELS}
   *     channels (a damaged header: a WAV declaring 1 Hz would be a 20,000-second "song")
   */
  public AudioStream open(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] head = readHead(file);
    if (head.length == 0) {
      throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, "Empty file: " + file);
    }
    List<String> tried = new ArrayList<>();
    SelectionException unsupported = null;
    for (AudioDecoder d : decoders) {
      boolean accepts;
      try {
        accepts = d.canDecode(file, head.clone());
      } catch (RuntimeException e) {
        LOG.warn("Decoder {} failed while probing {}: {}", d.name(), file, e.toString());
        accepts = false;
      }
      tried.add(d.name());
      if (!accepts) {
        continue;
      }
      try {
        AudioStream s = d.open(file);
        if (s == null) {
          throw new SelectionException(
              ErrorCode.INTERNAL_ERROR, "Decoder " + d.name() + " returned no stream for " + file);
        }
        return plausible(s, file);
      } catch (SelectionException e) {
        if (e.code() != ErrorCode.UNSUPPORTED_FORMAT) {
          throw e;
        }
        unsupported = e;
      } catch (RuntimeException e) {
        throw new SelectionException(
            ErrorCode.INTERNAL_ERROR, "Decoder " + d.name() + " failed on " + file + ": " + e, e);
      }
    }
    String msg =
        "No decoder supports "
            + file
            + " (tried: "
            + tried.stream().collect(Collectors.joining(", "))
            + ")";
    throw unsupported != null
        ? new SelectionException(
            ErrorCode.UNSUPPORTED_FORMAT,
            msg + "; last refusal: " + unsupported.getMessage(),
            unsupported)
        : new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, msg);
  }

  /** Returns the stream, or closes it and throws when its format cannot be real audio. */
  private static AudioStream plausible(AudioStream s, Path file) {
    int rate = s.info().sampleRateHz();
    int channels = s.info().channels();
    if (rate < MIN_SAMPLE_RATE_HZ
        || rate > MAX_SAMPLE_RATE_HZ
        || channels < 1
        || channels > MAX_CHANNELS) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing {} failed: {}", file, e.toString());
      }
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO,
          "Implausible format in "
              + file
              + ": "
              + rate
              + " Hz, "
              + channels
              + " channels (a damaged header?)");
    }
    return s;
  }

  /**
   * Reads up to {@link AudioDecoder#HEAD_BYTES} first bytes of a regular file.
   *
   * @throws SelectionException {@code IO_ERROR}
   */
  public static byte[] readHead(Path file) {
    try (SourceFile src = SourceFile.open(file)) {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(AudioDecoder.HEAD_BYTES, src.size()));
      while (b.hasRemaining() && src.read(b) >= 0) {
        // keep reading: a short read is not the end
      }
      return java.util.Arrays.copyOf(b.array(), b.position());
    }
  }
}
