package dev.selection.core.internal.audio.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the decoders in a class loader that holds selection-core, selection-api and SLF4J but neither
 * JLayer nor JOrbis, as a host without the optional LGPL jars would: discovery must not fail.
 */
class OptionalLibrariesAbsentTest {
  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  @Test
  void withoutJLayerAndJOrbis_decodersDeclineAndOpenReportsRuntimeUnavailable(@TempDir Path dir)
      throws Exception {
    List<URL> urls = new ArrayList<>(List.of(location(Mp3Decoder.class), location(AudioDecoder.class),
        location(org.slf4j.LoggerFactory.class)));
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(loader.loadClass(AudioDecoder.class.getName())).isNotSameAs(AudioDecoder.class);
      Class<?> spi = loader.loadClass(AudioDecoder.class.getName());
      List<String> names = new ArrayList<>();
      Path file = dir.resolve("x.mp3");
      Files.write(file, new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFB});
      for (Object decoder : ServiceLoader.load(spi, loader)) {
        Method name = spi.getMethod("name");
        Method canDecode = spi.getMethod("canDecode", Path.class, byte[].class);
        Method open = spi.getMethod("open", Path.class);
        String n = (String) name.invoke(decoder);
        if (!n.equals("mp3") && !n.equals("vorbis")) {
          continue;
        }
        names.add(n);
        assertThat((Boolean) canDecode.invoke(decoder, file, Files.readAllBytes(file))).isFalse();
        assertThat(spi.getMethod("version").invoke(decoder).toString()).endsWith("absent");
        InvocationTargetException e = org.assertj.core.api.Assertions.catchThrowableOfType(
            InvocationTargetException.class, () -> open.invoke(decoder, file));
        Throwable cause = e.getCause();
        assertThat(cause.getClass().getName()).isEqualTo(SelectionException.class.getName());
        Object code = cause.getClass().getMethod("code").invoke(cause);
        assertThat(code.toString()).isEqualTo("RUNTIME_UNAVAILABLE");
        assertThat(cause.getMessage()).contains("optional LGPL dependency");
      }
      assertThat(names).containsExactlyInAnyOrder("mp3", "vorbis");
    }
  }
}
