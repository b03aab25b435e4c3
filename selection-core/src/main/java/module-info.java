/**
 * The Selection pipeline: decoding orchestration, resampling, PCM hashing, DSP features,
 * similarity, GBDT ranking and scheduling. Everything but {@code dev.selection.core} is internal.
 */
module dev.selection.core {
  requires transitive dev.selection.api;
  requires JTransforms;
  requires ml.dmlc.xgboost4j;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires java.desktop; // javax.sound.sampled for the optional LGPL Vorbis service provider
  // The optional LGPL Vorbis decoder, used directly (automatic module named after its jar).
  requires static jorbis;

  exports dev.selection.core;

  provides dev.selection.api.spi.EngineProvider with
      dev.selection.core.CoreEngineProvider;

  uses dev.selection.api.spi.AudioDecoder;
  uses dev.selection.api.spi.StoreProvider;
  uses dev.selection.api.spi.Embedder;

  provides dev.selection.api.spi.AudioDecoder with
      dev.selection.core.internal.audio.WavDecoder,
      dev.selection.core.internal.audio.AiffDecoder,
      dev.selection.core.internal.audio.FlacDecoder,
      dev.selection.core.internal.audio.FfmpegDecoder,
      dev.selection.core.internal.audio.lossy.Mp3Decoder,
      dev.selection.core.internal.audio.lossy.VorbisDecoder;
}
