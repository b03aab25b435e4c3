/**
 * Library analysis: one decode per track feeding every extractor, batched commits, progress.
 * Internal.
 */
package dev.selection.core.internal.extract;
