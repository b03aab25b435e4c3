package dev.selection.core.internal.rank;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the fastest available {@link DotKernel}: the Vector API kernel when the JVM was started
 * with {@code --add-modules jdk.incubator.vector}, else the scalar one. The Vector API class is
 * compiled separately (its own compiler execution, see the module's pom) and only loaded
 * reflectively after the module is found in the boot layer, so nothing here links against the
 * incubator module.
 */
public final class DotKernels {
  private static final Logger LOG = LoggerFactory.getLogger(DotKernels.class);
  private static final String VECTOR_CLASS = "dev.selection.core.internal.rank.VectorDotKernel";
  private static final DotKernel BEST = detect();

  private DotKernels() {}

  /** Returns the fastest available kernel. */
  public static DotKernel best() {
    return BEST;
  }

  /**
   * Returns the Vector API kernel, or empty when {@code jdk.incubator.vector} is not in the boot
   * layer.
   */
  public static Optional<DotKernel> vector() {
    return BEST == ScalarDotKernel.INSTANCE ? Optional.empty() : Optional.of(BEST);
  }

  /** Returns the scalar kernel. */
  public static DotKernel scalar() {
    return ScalarDotKernel.INSTANCE;
  }

  private static DotKernel detect() {
    if (Boolean.getBoolean("selection.simd.disable")) {
      return ScalarDotKernel.INSTANCE;
    }
    Optional<Module> vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector");
    if (vectorModule.isEmpty()) {
      LOG.debug("jdk.incubator.vector not in the boot layer: scalar similarity kernel");
      return ScalarDotKernel.INSTANCE;
    }
    try {
      // A named module reads only what it requires; reading the incubator module is added at run
      // time.
      DotKernels.class.getModule().addReads(vectorModule.get());
      Class<?> c = Class.forName(VECTOR_CLASS, true, DotKernels.class.getClassLoader());
      DotKernel k = (DotKernel) c.getConstructor().newInstance();
      // Smoke test so that a broken Vector API falls back instead of failing later.
      float[] x = {1, 2, 3};
      TransposedBlock xt = TransposedBlock.of(new VectorBlock(x, 1, 3));
      float[] out = new float[TransposedBlock.COLUMN_ALIGN];
      k.dotBlockTransposed(x, 0, 1, xt.data(), xt.stride(), 0, 1, 3, out, out.length);
      if (out[0] != 14f) {
        throw new IllegalStateException("vector kernel self-test gave " + out[0]);
      }
      LOG.debug("Similarity kernel: {}", k.name());
      return k;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      LOG.info("Vector API kernel unavailable ({}); using the scalar kernel", e.toString());
      return ScalarDotKernel.INSTANCE;
    }
  }
}
