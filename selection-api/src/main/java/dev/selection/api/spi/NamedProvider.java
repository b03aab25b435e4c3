package dev.selection.api.spi;

/**
 * A service implementation found by {@link NamedSpiLoader}: it has a stable name, by which a host
 * or a model manifest can ask for it, and a rank among implementations of the same interface.
 *
 * <p>Every provider interface of the SDK extends this one ({@link EngineProvider}, {@link
 * StoreProvider}, {@link DecoderProvider}, {@link EmbedderProvider}, {@link BundledModel}), so they
 * are all found, ordered and chosen the same way.
 */
public interface NamedProvider {
  /** Returns a stable short name, unique among the providers of one interface. */
  String name();

  /** Returns the rank among the providers of one interface: higher wins. Default 0. */
  default int priority() {
    return 0;
  }
}
