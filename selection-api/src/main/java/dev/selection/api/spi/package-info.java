/**
 * Service-provider interfaces: decoders, embedders, stores and the engine itself.
 *
 * <p>Each interface is small and names itself ({@code name()}, {@code version()}). Implementations
 * are registered in {@code META-INF/services} and in their {@code module-info}; an instance given
 * to the {@link dev.selection.api.SelectionEngine.Builder} wins over discovery. Abstract contract
 * tests for every store SPI ship in the {@code selection-api} test-jar, so a host's own store can
 * be checked with the same suite as ours.
 */
package dev.selection.api.spi;
