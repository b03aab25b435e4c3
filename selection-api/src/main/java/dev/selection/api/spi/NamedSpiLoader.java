package dev.selection.api.spi;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the providers of one service interface through {@link ServiceLoader}, orders them and
 * chooses among them, the one way the SDK finds every replaceable part (after Lucene's {@code
 * NamedSPILoader}).
 *
 * <p>Providers come from the given class loader, or by default from the loader of the service
 * interface, which sees the class path and, for named modules, the modules of its layer (every SDK
 * module declares the services it {@code provides}; this module {@code uses} them all). They are
 * ordered by descending {@link NamedProvider#priority()}, then by name; of two with the same name,
 * the first found is kept. A provider that fails to load is skipped with a warning, so one broken
 * jar cannot stop the others.
 *
 * <p>Immutable and thread-safe: the providers are instantiated once, when the loader is created.
 *
 * @param <S> the service interface
 */
public final class NamedSpiLoader<S extends NamedProvider> implements Iterable<S> {
  private static final System.Logger LOG = System.getLogger(NamedSpiLoader.class.getName());

  private final Class<S> type;
  private final Map<String, S> byName;

  private NamedSpiLoader(Class<S> type, List<S> found) {
    this.type = type;
    List<S> sorted = new ArrayList<>(found);
    sorted.sort(
        Comparator.comparingInt((S s) -> s.priority())
            .reversed()
            .thenComparing(NamedProvider::name));
    Map<String, S> map = new LinkedHashMap<>();
    for (S s : sorted) {
      if (map.putIfAbsent(s.name(), s) != null) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Two {0} providers are named {1}; keeping {2}, ignoring {3}",
            type.getSimpleName(),
            s.name(),
            map.get(s.name()).getClass().getName(),
            s.getClass().getName());
      }
    }
    this.byName = map;
  }

  /** Loads the providers of {@code type} visible to the loader of {@code type}. */
  public static <S extends NamedProvider> NamedSpiLoader<S> load(Class<S> type) {
    return load(type, type.getClassLoader());
  }

  /**
   * Loads the providers of {@code type} visible to {@code loader} (e.g. a host's plug-in loader).
   *
   * @throws NullPointerException if {@code type} is null
   */
  public static <S extends NamedProvider> NamedSpiLoader<S> load(
      Class<S> type, ClassLoader loader) {
    Objects.requireNonNull(type, "type");
    List<S> found = new ArrayList<>();
    Iterator<S> it = ServiceLoader.load(type, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Skipping a " + type.getSimpleName() + " provider that failed to load: " + e);
      }
    }
    return new NamedSpiLoader<>(type, found);
  }

  /** Returns a loader over the given providers (tests, or a host that assembles its own set). */
  public static <S extends NamedProvider> NamedSpiLoader<S> of(Class<S> type, List<S> providers) {
    Objects.requireNonNull(type, "type");
    return new NamedSpiLoader<>(type, List.copyOf(providers));
  }

  /** Returns the providers, best first. */
  public List<S> all() {
    return List.copyOf(byName.values());
  }

  /** Returns the providers' names, best first. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Iterates over the providers, best first. */
  @Override
  public Iterator<S> iterator() {
    return all().iterator();
  }

  /** Returns the provider named {@code name}, if there is one. */
  public Optional<S> find(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns the provider named {@code name}.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} naming the available providers
   */
  public S byName(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new SelectionException(
                    ErrorCode.RUNTIME_UNAVAILABLE,
                    "No "
                        + type.getSimpleName()
                        + " named '"
                        + name
                        + "' on the class or module path; available: "
                        + names()
                        + ". Add the jar that provides it."));
  }

  /**
   * Returns the best provider.
   *
   * @param hint what to add when there is none, e.g. {@code "add dev.selection:selection-core"}
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} with the hint
   */
  public S best(String hint) {
    if (byName.isEmpty()) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No " + type.getSimpleName() + " on the class or module path: " + hint);
    }
    return byName.values().iterator().next();
  }

  @Override
  public String toString() {
    return "NamedSpiLoader[" + type.getSimpleName() + ": " + names() + "]";
  }
}
