/**
 * Segment selection: the one shared, configurable strategy (a {@link
 * dev.selection.api.SegmentPolicy}) that picks the information-dense, high-energy excerpts of a
 * track from which RMS, HPCP, BPM, timbre and OpenL3 are computed. Internal.
 */
package dev.selection.core.internal.dsp.segment;
