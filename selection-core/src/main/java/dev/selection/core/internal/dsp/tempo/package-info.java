/**
 * Tempo (BPM) estimation from mono excerpts: spectral-flux onset strength, autocorrelation with a
 * harmonic comb, a perceptual prior and DJ-oriented octave resolution. Internal.
 */
package dev.selection.core.internal.dsp.tempo;
