/**
 * Tonal features: spectral peaks, tuning-frequency estimate, the harmonic pitch class profile
 * (HPCP) and key estimation by profile correlation, plus key spelling (Camelot, Open Key) and key
 * distances. Internal: public for the pipeline and the benchmarks, not exported.
 *
 * <p>The algorithms follow Essentia's documented ones (MTG/essentia, AGPL-3.0, commit b9fa6cb6,
 * files {@code src/algorithms/spectral/hpcp.cpp}, {@code spectralpeaks.cpp}, {@code
 * src/algorithms/standard/peakdetection.cpp}, {@code src/algorithms/tonal/key.cpp}, {@code
 * tuningfrequency.cpp}, {@code src/algorithms/extractor/keyextractor.cpp}); constants and formulas
 * are carried over, the code is our own.
 */
package dev.selection.core.internal.dsp.tonal;
