package dev.selection.spark;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link AudioAnalyzer} per JVM (per executor, and on the driver for the extractor versions)
 * and embedding setting, made on first use and closed by a shutdown hook: ONNX sessions and models
 * are loaded once per executor, not per task or file. Each analyzer runs native work at one thread
 * per task ({@code threadBudget(1)}); Spark's task slots are the parallelism. Thread-safe.
 */
final class ExecutorAnalyzers {
  private static final Map<Boolean, AudioAnalyzer> BY_EMBEDDINGS = new ConcurrentHashMap<>();

  private ExecutorAnalyzers() {}

  /** Returns this JVM's analyzer with or without the learned embeddings. */
  static AudioAnalyzer get(boolean embeddings) {
    return BY_EMBEDDINGS.computeIfAbsent(
        embeddings,
        e -> {
          AudioAnalyzer a =
              AudioAnalyzer.create(AnalysisConfig.builder().embeddings(e).threadBudget(1).build());
          Runtime.getRuntime()
              .addShutdownHook(new Thread(a::close, "selection-analyzer-close-" + e));
          return a;
        });
  }
}
