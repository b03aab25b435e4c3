package dev.selection.core;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** Finds service providers, best first, and names the available ones when a lookup fails. */
final class Providers {
  private Providers() {}

  /** Returns every provider of {@code type}, by descending priority, then name. */
  static <T> List<T> all(Class<T> type, ToIntFunction<T> priority, Function<T, String> name) {
    return ServiceLoader.load(type, Providers.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(priority).reversed().thenComparing(name))
        .collect(Collectors.toList());
  }

  /**
   * Returns the best provider of {@code type}.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} naming the module to add
   */
  static <T> T best(
      Class<T> type, ToIntFunction<T> priority, Function<T, String> name, String hint) {
    List<T> found = all(type, priority, name);
    if (found.isEmpty()) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No " + type.getSimpleName() + " found on the class path: " + hint);
    }
    return found.get(0);
  }
}
