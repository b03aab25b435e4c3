/**
 * The public face of the Selection SDK: the {@link dev.selection.api.SelectionEngine} facade, its
 * value records, status and error enums, and the service-provider interfaces in {@code
 * dev.selection.api.spi}.
 *
 * <p>This module depends on nothing but the JDK. Implementations (the engine, decoders, stores,
 * embedders) are found through {@link java.util.ServiceLoader}.
 */
module dev.selection.api {
  exports dev.selection.api;
  exports dev.selection.api.spi;

  uses dev.selection.api.spi.EngineProvider;
  uses dev.selection.api.spi.StoreProvider;
  uses dev.selection.api.spi.AudioDecoder;
  uses dev.selection.api.spi.Embedder;
  uses dev.selection.api.spi.BundledModel;
}
