/**
 * Locks shared between the processes that open one library: one trainer at a time ({@link
 * dev.selection.core.internal.lock.LibraryLock}) and one analysis per file ({@link
 * dev.selection.core.internal.lock.ScanClaims}). Both rest on OS file locks, which the OS drops
 * when a process dies, so a crash never leaves a stale lock behind. Internal.
 */
package dev.selection.core.internal.lock;
