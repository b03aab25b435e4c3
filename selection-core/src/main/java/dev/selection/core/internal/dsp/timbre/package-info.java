/**
 * The timbre descriptor: statistics of MFCCs and spectral shape over the analysed excerpts,
 * standardised with fixed constants and L2-normalised so that cosine similarity compares timbres.
 * Model-free and cheap. Internal: public for the pipeline and the benchmarks, not exported.
 */
package dev.selection.core.internal.dsp.timbre;
