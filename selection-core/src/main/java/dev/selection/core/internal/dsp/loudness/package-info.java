/**
 * Loudness: the mean RMS of the selected segments and the EBU R128 / ITU-R BS.1770-4 integrated
 * loudness of the whole track, computed while streaming. Internal.
 */
package dev.selection.core.internal.dsp.loudness;
