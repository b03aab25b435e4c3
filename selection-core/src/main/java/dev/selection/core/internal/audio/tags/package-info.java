/**
 * Tolerant tag parsers (ID3v1, ID3v2.2/2.3/2.4, APEv2, Vorbis comments, RIFF INFO) that map tags to
 * {@link dev.selection.api.SongMetadata} plus BPM and initial key. Broken tags never stop decoding.
 * Internal: not exported.
 */
package dev.selection.core.internal.audio.tags;
