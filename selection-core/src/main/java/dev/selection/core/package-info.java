/**
 * The engine behind {@link dev.selection.api.SelectionEngine}: {@link
 * dev.selection.core.CoreEngineProvider} is found by {@code SelectionEngine.builder(root).build()}
 * through {@link java.util.ServiceLoader}. Everything else in this module is internal.
 */
package dev.selection.core;
