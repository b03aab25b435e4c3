/**
 * The Selection SDK facade and its value types.
 *
 * <p>Start at {@link dev.selection.api.SelectionEngine#builder(java.nio.file.Path)}. Expected
 * outcomes (not trained, too few samples, cancelled) are returned as statuses in result records;
 * faults throw the one unchecked {@link dev.selection.api.SelectionException} with a stable {@link
 * dev.selection.api.ErrorCode}.
 */
package dev.selection.api;
