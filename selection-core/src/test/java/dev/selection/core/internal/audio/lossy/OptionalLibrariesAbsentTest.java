package dev.selection.core.internal.audio.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.DecoderProvider;
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
 * Loads the decoders in a class loader that holds selection-core, selection-api and SLF4J but no
 * optional library (no JOrbis), as a host that adds only selection-core would: discovery must not
 * fail, MP3 decodes (our own decoder needs nothing else), Ogg Vorbis declines and reports {@code
 * RUNTIME_UNAVAILABLE}.
 */
class OptionalLibrariesAbsentTest {
  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  @Test
  void withOnlySelectionCore_mp3Decodes_andVorbisReportsRuntimeUnavailable(@TempDir Path dir)
      throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "alone", 44100, 2, 1.0, "-b", "128");
    List<URL> urls =
        new ArrayList<>(
            List.of(
                location(Mp3Decoder.class),
                location(AudioDecoder.class),
                location(org.slf4j.LoggerFactory.class)));
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(loader.loadClass(AudioDecoder.class.getName())).isNotSameAs(AudioDecoder.class);
      Class<?> spi = loader.loadClass(AudioDecoder.class.getName());
      Method name = spi.getMethod("name");
      Method canDecode = spi.getMethod("canDecode", Path.class, byte[].class);
      Method open = spi.getMethod("open", Path.class);
      List<String> names = new ArrayList<>();
      Path ogg = dir.resolve("x.ogg");
      Files.write(
          ogg, "OggS\0\2\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      // Decoders come from their providers, created for the default analysis configuration.
      Class<?> providerSpi = loader.loadClass(DecoderProvider.class.getName());
      Class<?> configType = loader.loadClass(AnalysisConfig.class.getName());
      Object config = configType.getMethod("defaults").invoke(null);
      Method create = providerSpi.getMethod("create", configType);
      for (Object provider : ServiceLoader.load(providerSpi, loader)) {
        Object decoder = create.invoke(provider, config);
        String n = (String) name.invoke(decoder);
        names.add(n);
        if (n.equals("mp3")) {
          byte[] head = Files.readAllBytes(mp3);
          assertThat((Boolean) canDecode.invoke(decoder, mp3, head)).isTrue();
          Object stream = open.invoke(decoder, mp3);
          Class<?> streamType = loader.loadClass("dev.selection.api.spi.AudioStream");
          float[] buf = new float[2 * 4096];
          int frames = 0;
          int got;
          Method read = streamType.getMethod("read", float[].class, int.class, int.class);
          while ((got = (Integer) read.invoke(stream, buf, 0, 4096)) > 0) {
            frames += got;
          }
          streamType.getMethod("close").invoke(stream);
          assertThat(frames).isEqualTo(44100);
        } else if (n.equals("vorbis")) {
          assertThat((Boolean) canDecode.invoke(decoder, ogg, Files.readAllBytes(ogg))).isFalse();
          assertThat(spi.getMethod("version").invoke(decoder).toString()).endsWith("absent");
          InvocationTargetException e =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  InvocationTargetException.class, () -> open.invoke(decoder, ogg));
          Throwable cause = e.getCause();
          assertThat(cause.getClass().getName()).isEqualTo(SelectionException.class.getName());
          Object code = cause.getClass().getMethod("code").invoke(cause);
          assertThat(code.toString()).isEqualTo("RUNTIME_UNAVAILABLE");
          assertThat(cause.getMessage()).contains("optional LGPL dependency");
        }
      }
      assertThat(names).contains("mp3", "vorbis", "wav", "flac");
    }
  }
}
