/**
 * Chromaprint fingerprints, written in Java from the facts of the reference algorithm: the default
 * algorithm of chromaprint 1.5.x ({@code CHROMAPRINT_ALGORITHM_TEST2}, what {@code fpcalc} computes
 * by default), its compressed base64url form, and the similarity measures the ranker uses.
 * Internal.
 *
 * <p>Reference: acoustid/chromaprint v1.5.1 (MIT), the version Debian ships as {@code fpcalc}. Its
 * constants are carried over; its code is not.
 */
package dev.selection.core.internal.chromaprint;
