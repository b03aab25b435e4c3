/**
 * Band-limited sample-rate conversion: a polyphase Kaiser-windowed-sinc resampler that streams as a
 * {@link dev.selection.core.internal.pipeline.PcmSink}. Internal.
 */
package dev.selection.core.internal.dsp.resample;
