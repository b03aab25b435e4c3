/**
 * The Selection pipeline: decoding orchestration, resampling, PCM hashing, DSP features,
 * similarity, GBDT ranking and scheduling. Everything but {@code dev.selection.core} and {@code
 * dev.selection.core.samples} is internal.
 */
module dev.selection.core {
  requires transitive dev.selection.api;
  requires JTransforms;
  requires ml.dmlc.xgboost4j;
  // XGBoost4J (an automatic module) logs through commons-logging, an explicit module that nothing
  // else requires: without this line a module-path host does not resolve it and training fails
  // with NoClassDefFoundError: org/apache/commons/logging/LogFactory.
  requires org.apache.commons.logging;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires java.desktop; // javax.sound.sampled for the optional LGPL Vorbis service provider
  // The optional LGPL Vorbis decoder, used directly (automatic module named after its jar).
  requires static jorbis;

  exports dev.selection.core;
  exports dev.selection.core.samples;

  provides dev.selection.api.spi.EngineProvider with
      dev.selection.core.CoreEngineProvider;
  provides dev.selection.api.spi.DecoderProvider with
      dev.selection.core.internal.audio.DecoderProviders.Wav,
      dev.selection.core.internal.audio.DecoderProviders.Aiff,
      dev.selection.core.internal.audio.DecoderProviders.Flac,
      dev.selection.core.internal.audio.DecoderProviders.Ffmpeg,
      dev.selection.core.internal.audio.DecoderProviders.Mp3,
      dev.selection.core.internal.audio.DecoderProviders.Vorbis;
}
