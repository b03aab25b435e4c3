/**
 * Ranking: the exact similarity kernel, the GBDT feature builder, XGBoost4J training, prediction,
 * evaluation and explanations, and the file-backed model store. Internal, not exported.
 *
 * <p>Entry points for the engine: {@link dev.selection.core.internal.rank.SelectionTrainer}, {@link
 * dev.selection.core.internal.rank.SelectionPredictor} and {@link
 * dev.selection.core.internal.rank.FileModelStore}.
 */
package dev.selection.core.internal.rank;
