/**
 * Tempo (BPM), beats and downbeats of a whole track: a streaming log-mel spectral-flux onset
 * envelope ({@code OnsetEnvelopeSink}), autocorrelation with a harmonic comb, octave-level choice
 * from tracked beats, dynamic-programming beat tracking, a compact beat grid and downbeats.
 * Internal; see docs/tempo.md.
 */
package dev.selection.core.internal.dsp.tempo;
