/**
 * Abstract contract tests of the store SPIs, shipped in the {@code selection-api} test-jar. An
 * implementation's test extends each class and supplies a factory that opens its store on a folder;
 * the factory may be called more than once on one folder and must then open the same data.
 */
package dev.selection.api.spi.contract;
