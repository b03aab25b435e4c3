/**
 * Pure-Java decoders of lossy formats: MP3 (MPEG-1/2/2.5 audio layers I-III, through JLayer) and Ogg
 * Vorbis (through JOrbis). Both libraries are LGPL and optional: without them on the class path the
 * decoders decline every file and {@code open} reports {@code RUNTIME_UNAVAILABLE}. Internal.
 */
package dev.selection.core.internal.audio.lossy;
