package dev.selection.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a class or method from the forbidden-apis check (any annotation of this simple name does,
 * by that plugin's convention). The reason is required. It never exempts from the CLI's
 * public-API-only rule in spirit: use it for JDK APIs the bundled signatures flag, not for core
 * internals.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@interface SuppressForbidden {
  /** Why the forbidden API is needed here. */
  String reason();
}
