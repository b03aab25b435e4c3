/**
 * Generated demo audio: stylistically distinct groups of synthetic tracks, no downloads. Internal.
 */
package dev.selection.core.internal.demo;
