package dev.selection.core.internal.audio;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.DecoderProvider;
import dev.selection.core.internal.audio.lossy.Mp3Decoder;
import dev.selection.core.internal.audio.lossy.VorbisDecoder;

/**
 * The providers of the built-in decoders, registered as {@link DecoderProvider} services. Each is
 * named after its decoder.
 */
public final class DecoderProviders {
  private DecoderProviders() {}

  /** Provides {@link WavDecoder}. */
  public static final class Wav implements DecoderProvider {
    /** Creates the provider (for the service loader). */
    public Wav() {}

    @Override
    public String name() {
      return "wav";
    }

    @Override
    public AudioDecoder create(AnalysisConfig config) {
      return new WavDecoder();
    }
  }

  /** Provides {@link AiffDecoder}. */
  public static final class Aiff implements DecoderProvider {
    /** Creates the provider (for the service loader). */
    public Aiff() {}

    @Override
    public String name() {
      return "aiff";
    }

    @Override
    public AudioDecoder create(AnalysisConfig config) {
      return new AiffDecoder();
    }
  }

  /** Provides {@link FlacDecoder}. */
  public static final class Flac implements DecoderProvider {
    /** Creates the provider (for the service loader). */
    public Flac() {}

    @Override
    public String name() {
      return "flac";
    }

    @Override
    public AudioDecoder create(AnalysisConfig config) {
      return new FlacDecoder();
    }
  }

  /** Provides {@link Mp3Decoder}. */
  public static final class Mp3 implements DecoderProvider {
    /** Creates the provider (for the service loader). */
    public Mp3() {}

    @Override
    public String name() {
      return "mp3";
    }

    @Override
    public AudioDecoder create(AnalysisConfig config) {
      return new Mp3Decoder();
    }
  }

  /** Provides {@link VorbisDecoder} (it declines every file when JOrbis is absent). */
  public static final class Vorbis implements DecoderProvider {
    /** Creates the provider (for the service loader). */
    public Vorbis() {}

    @Override
    public String name() {
      return "vorbis";
    }

    @Override
    public AudioDecoder create(AnalysisConfig config) {
      return new VorbisDecoder();
    }
  }

  /**
   * Provides {@link FfmpegDecoder} with the configured executable, else the one on the {@code
   * PATH}.
   */
  public static final class Ffmpeg implements DecoderProvider {
    /** Creates the provider (for the service loader). */
    public Ffmpeg() {}

    @Override
    public String name() {
      return "ffmpeg";
    }

    @Override
    public AudioDecoder create(AnalysisConfig config) {
      return config.ffmpegPath().map(FfmpegDecoder::new).orElseGet(FfmpegDecoder::new);
    }
  }
}
