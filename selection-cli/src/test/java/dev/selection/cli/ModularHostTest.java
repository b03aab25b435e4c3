package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPMS host (issue 12 item 10): a module that {@code requires dev.selection.core; requires
 * dev.selection.sqlite;} is compiled and run on the module path, and scans, trains and predicts.
 * Training failed there with {@code NoClassDefFoundError: org/apache/commons/logging/LogFactory}
 * from XGBoost: commons-logging is an explicit module nobody required, so it was not resolved.
 */
class ModularHostTest {
  /** Test-only and CLI-only artifacts that a host of core and sqlite does not have. */
  private static final List<String> NOT_THE_HOSTS =
      List.of(
          "junit",
          "opentest4j",
          "apiguardian",
          "assertj",
          "quicktheories",
          "byte-buddy",
          "picocli",
          "progressbar",
          "jline",
          "vorbisspi",
          "tritonus",
          "jorbis",
          "onnx",
          "efficientat",
          "jhdf",
          "surefire",
          "test-classes",
          "-tests.jar",
          "selection-cli",
          "selection-bench",
          "jmh");

  @TempDir Path work;

  static String modulePath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> NOT_THE_HOSTS.stream().noneMatch(e::contains))
        .filter(e -> e.endsWith(".jar") || Files.exists(Path.of(e, "module-info.class")))
        .collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void modulePathHost_scansTrainsAndPredicts() throws Exception {
    Path src = work.resolve("src");
    Files.createDirectories(src.resolve("host"));
    copy("modular-host/module-info.java", src.resolve("module-info.java"));
    copy("modular-host/host/Main.java", src.resolve("host/Main.java"));
    Path out = work.resolve("out");
    String mp = modulePath();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(
            null,
            null,
            null,
            "--module-path",
            mp,
            "-d",
            out.toString(),
            src.resolve("module-info.java").toString(),
            src.resolve("host/Main.java").toString());
    assertThat(compiled).as("javac of the modular host").isZero();

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "--module-path",
            out + File.pathSeparator + mp,
            "-m",
            "host/host.Main",
            work.resolve("run").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] bytes;
    try (InputStream in = p.getInputStream()) {
      bytes = in.readAllBytes();
    }
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String log = new String(bytes, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log)
        .doesNotContain("NoClassDefFoundError")
        .contains("scanned 30 failed 0", "train trained", "predict ok 3");
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = ModularHostTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, to);
    }
  }
}
