package dev.selection.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedSpiLoaderTest {
  /** A service of the tests only (its providers are listed in this module's test resources). */
  public interface Greeter extends NamedProvider {}

  /** A provider with a name and priority. */
  record Named(String name, int priority) implements Greeter {}

  /** Found by the service loader: priority 5. */
  public static final class Loud implements Greeter {
    /** For the service loader. */
    public Loud() {}

    @Override
    public String name() {
      return "loud";
    }

    @Override
    public int priority() {
      return 5;
    }
  }

  /** Found by the service loader: default priority. */
  public static final class Quiet implements Greeter {
    /** For the service loader. */
    public Quiet() {}

    @Override
    public String name() {
      return "quiet";
    }
  }

  /** Listed for the service loader but fails to construct: must be skipped, not fatal. */
  public static final class Broken implements Greeter {
    /** Always throws. */
    public Broken() {
      throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String name() {
      return "broken";
    }
  }

  @Test
  void serviceLoader_ordersByPriorityThenName_andSkipsProvidersThatFailToLoad() {
    NamedSpiLoader<Greeter> loader = NamedSpiLoader.load(Greeter.class);
    assertThat(loader.names()).containsExactly("loud", "quiet");
    assertThat(loader.best("hint")).isInstanceOf(Loud.class);
    assertThat(loader.byName("quiet")).isInstanceOf(Quiet.class);
  }

  @Test
  void of_ordersByDescendingPriority_thenName_keepingTheFirstOfTwoWithOneName() {
    Named first = new Named("b", 0);
    NamedSpiLoader<Greeter> loader =
        NamedSpiLoader.of(
            Greeter.class,
            List.of(first, new Named("a", 0), new Named("z", 10), new Named("b", -1)));
    assertThat(loader.names()).containsExactly("z", "a", "b");
    assertThat(loader.find("b")).containsSame(first);
    assertThat(loader.all()).hasSize(3);
    assertThat(loader).extracting(Greeter::name).containsExactly("z", "a", "b");
  }

  @Test
  void byName_unknown_isRuntimeUnavailable_listingTheAvailableNames() {
    NamedSpiLoader<Greeter> loader =
        NamedSpiLoader.of(Greeter.class, List.of(new Named("sqlite", 0), new Named("memory", 1)));
    assertThatThrownBy(() -> loader.byName("postgres"))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
              assertThat(e.getMessage()).contains("postgres", "[memory, sqlite]", "Greeter");
            });
    assertThat(loader.find("postgres")).isEmpty();
  }

  @Test
  void best_ofNone_isRuntimeUnavailable_withTheHint() {
    NamedSpiLoader<Greeter> none = NamedSpiLoader.of(Greeter.class, List.of());
    assertThatThrownBy(() -> none.best("add the greeter jar"))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
              assertThat(e.getMessage()).contains("add the greeter jar");
            });
    assertThat(none.names()).isEmpty();
  }
}
