package dev.selection.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a method or class from the forbidden-apis check (any annotation of this simple name does,
 * by that plugin's convention), for a measurement that needs a non-portable JDK API such as {@code
 * com.sun.management}. The reason is required.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@interface SuppressForbidden {
  /** Why the forbidden API is needed here. */
  String reason();
}
