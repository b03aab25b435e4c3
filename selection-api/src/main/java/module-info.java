/**
 * The public face of the Selection SDK: the {@link dev.selection.api.SelectionEngine} facade, its
 * value records, status and error enums, and the service-provider interfaces in {@code
 * dev.selection.api.spi}.
 *
 * <p>This module depends on nothing but the JDK. Implementations (the engine, decoders, stores,
 * embedders, bundled models) are found through {@link dev.selection.api.spi.NamedSpiLoader}, which
 * this module uses for every service.
 */
module dev.selection.api {
  exports dev.selection.api;
  exports dev.selection.api.spi;

  uses dev.selection.api.spi.EngineProvider;
  uses dev.selection.api.spi.StoreProvider;
  uses dev.selection.api.spi.DecoderProvider;
  uses dev.selection.api.spi.EmbedderProvider;
  uses dev.selection.api.spi.BundledModel;
}
