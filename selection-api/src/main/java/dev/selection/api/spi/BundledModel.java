package dev.selection.api.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * A model shipped inside a jar (e.g. {@code selection-model-efficientat}), found through {@link
 * NamedSpiLoader}: an embedder asks for the model it needs by {@link #name()} and reads its files
 * through {@link #open(String)}, which works on the class path and on the module path alike (a
 * module's resources are read through a class of that module).
 *
 * <p>The model's {@code manifest.json} names its files and their SHA-256; the embedder verifies the
 * checksum before first use.
 */
public interface BundledModel extends NamedProvider {
  /** The manifest's file name, readable through {@link #open(String)}. */
  String MANIFEST = "manifest.json";

  /** Returns the model's name, e.g. {@code "efficientat-mn04"}. */
  String name();

  /**
   * Opens one of the model's files.
   *
   * @param file a plain file name: {@value #MANIFEST} or a file the manifest names
   * @return a new stream, which the caller closes
   * @throws IOException if there is no such file or it cannot be read
   */
  InputStream open(String file) throws IOException;
}
