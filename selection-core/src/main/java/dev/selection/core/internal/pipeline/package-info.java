/** The decode-once fan-out: sinks that receive decoded PCM blocks. Internal. */
package dev.selection.core.internal.pipeline;
