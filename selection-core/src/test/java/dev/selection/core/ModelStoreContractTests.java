package dev.selection.core;

import dev.selection.api.spi.ModelStore;
import dev.selection.api.spi.contract.ModelStoreContract;
import dev.selection.core.internal.rank.FileModelStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** Runs {@link ModelStoreContract} for both model stores of the SDK. */
class ModelStoreContractTests {
  @Nested
  class File extends ModelStoreContract {
    @Override
    protected ModelStore open(Path folder) {
      return new FileModelStore(folder);
    }
  }

  @Nested
  class Memory extends ModelStoreContract {
    @Override
    protected ModelStore open(Path folder) {
      return new MemoryModelStore();
    }

    @Override
    protected boolean persistent() {
      return false;
    }
  }
}
