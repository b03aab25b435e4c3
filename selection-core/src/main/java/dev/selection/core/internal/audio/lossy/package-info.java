/**
 * Pure-Java decoders of lossy formats: MPEG audio (MP3 and MP2: MPEG-1/2/2.5 layers I-III), our own
 * code written from ISO/IEC 11172-3 and 13818-3 (see {@link Mp3Decoder}), and Ogg Vorbis through
 * JOrbis, which is LGPL and optional: without it on the class path the Vorbis decoder declines
 * every file and {@code open} reports {@code RUNTIME_UNAVAILABLE}. Internal.
 */
package dev.selection.core.internal.audio.lossy;
