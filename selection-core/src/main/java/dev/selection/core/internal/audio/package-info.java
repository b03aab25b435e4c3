/**
 * Pure-Java decoders for the lossless formats (WAV, AIFF, FLAC), the optional ffmpeg decoder, the
 * decoder registry, the decode-once session with its mono and PCM-hash sinks, and track
 * identification (songId, fileHash, tags). Internal: not exported.
 */
package dev.selection.core.internal.audio;
