package dev.selection.core.internal.extract;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EmbedderProvider;
import dev.selection.api.spi.NamedSpiLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedders of one engine or analyzer: the host's, then, for each kind they lack, the embedder
 * of the best {@link EmbedderProvider} of that kind whose embedder is available; none when
 * embeddings are off. Closing the set closes the embedders it created, never the host's.
 */
public final class EmbedderSet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedderSet.class);

  /** The kinds in order of preference: the built-in model first. */
  private static final List<String> PREFERRED =
      List.of(SongFeatures.EFFICIENTAT, SongFeatures.OPENL3);

  private final List<Embedder> all;
  private final List<Embedder> owned;

  private EmbedderSet(List<Embedder> all, List<Embedder> owned) {
    this.all = List.copyOf(all);
    this.owned = List.copyOf(owned);
  }

  /** Returns an empty set. */
  public static EmbedderSet none() {
    return new EmbedderSet(List.of(), List.of());
  }

  /**
   * Returns the host's embedders followed by discovered, available ones for the kinds they lack.
   */
  public static EmbedderSet discover(AnalysisConfig config) {
    if (!config.embeddings()) {
      return none();
    }
    List<Embedder> all = new ArrayList<>(config.embedders());
    List<Embedder> owned = new ArrayList<>();
    Set<String> kinds = new HashSet<>();
    all.forEach(e -> kinds.add(e.kind()));
    for (EmbedderProvider p :
        NamedSpiLoader.load(EmbedderProvider.class, EmbedderSet.class.getClassLoader())) {
      if (kinds.contains(p.kind())) {
        continue;
      }
      Embedder e;
      try {
        e = p.create(config);
      } catch (RuntimeException | LinkageError ex) {
        LOG.warn(
            "Embedder provider {} failed; {} embeddings are skipped: {}",
            p.name(),
            p.kind(),
            ex.toString());
        continue;
      }
      if (e.isAvailable()) {
        kinds.add(e.kind());
        all.add(e);
        owned.add(e);
      } else {
        LOG.info("Embedder {} has no model; {} embeddings are skipped", e.name(), e.kind());
        e.close();
      }
    }
    return new EmbedderSet(all, owned);
  }

  /** Returns the embedders, the host's first. */
  public List<Embedder> all() {
    return all;
  }

  /** Returns the embedder of a kind, if there is one. */
  public Optional<Embedder> ofKind(String kind) {
    return all.stream().filter(e -> e.kind().equals(kind)).findFirst();
  }

  /** Returns the kinds, preferred first (the built-in EfficientAT, OpenL3, then others). */
  public List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    all.forEach(e -> kinds.add(e.kind()));
    kinds.sort(
        Comparator.comparingInt(
            (String kind) -> {
              int i = PREFERRED.indexOf(kind);
              return i < 0 ? Integer.MAX_VALUE : i;
            }));
    return List.copyOf(kinds);
  }

  /** Returns the first embedder whose embeddings carry tags, if any. */
  public Optional<Embedder> tagger() {
    return all.stream().filter(e -> !e.tagNames().isEmpty()).findFirst();
  }

  /** Closes the embedders this set created. */
  @Override
  public void close() {
    for (Embedder e : owned) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        LOG.warn("Closing embedder {} failed: {}", e.name(), ex.toString());
      }
    }
  }
}
