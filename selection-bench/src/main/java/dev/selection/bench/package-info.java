/**
 * JMH benchmarks. Every figure is a ratio against a baseline measured in the same run.
 *
 * <p>No {@code module-info}: JMH generates classes into this jar and the jar is shaded, so it runs
 * on the class path.
 */
package dev.selection.bench;
