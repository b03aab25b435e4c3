package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.cli.LabelStatusCommandTest.Run;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only library can still be inspected (issue 12 item 11): {@code status}, {@code rank} and
 * {@code explain} work, a write ({@code label}) is a {@code db_error} saying the library is
 * read-only, and nothing stored changes. The library is made read-only with {@code chmod}; as root
 * (where permissions do not stop writes) with a read-only bind mount, and when that is not allowed
 * the test is skipped with the reason.
 */
class ReadOnlyLibraryTest {
  @TempDir Path work;

  private static Run run(String... args) {
    return LabelStatusCommandTest.run(args);
  }

  @Test
  void readOnlyLibrary_canBeInspected_andAWriteIsAClearDbError() throws Exception {
    Path music = Files.createDirectories(work.resolve("music"));
    Path lib = Files.createDirectories(work.resolve("lib"));
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 6, 6, 22_050, 9);
    assertThat(run("--library", lib.toString(), "scan", "--no-progress", music.toString()).exit())
        .isZero();
    List<String> liked = new ArrayList<>(List.of("--library", lib.toString(), "label", "like"));
    List<String> disliked =
        new ArrayList<>(List.of("--library", lib.toString(), "label", "dislike"));
    for (DemoLibrary.Track t : tracks) {
      if (t.index() <= 5) {
        (t.style() == DemoStyle.TECHNO ? liked : disliked).add(t.path().toString());
      }
    }
    assertThat(run(liked.toArray(String[]::new)).exit()).isZero();
    assertThat(run(disliked.toArray(String[]::new)).exit()).isZero();
    Run train = run("--library", lib.toString(), "train", "--min-positives", "5");
    assertThat(train.exit()).as(train.out() + train.err()).isZero();
    String before = run("status", "--library", lib.toString(), "--json").out();

    Path ro = readOnlyView(lib);
    try {
      Run status = run("status", "--library", ro.toString(), "--json");
      assertThat(status.exit()).as(status.err()).isZero();
      JsonNode s = Json.mapper().readTree(status.out().strip());
      assertThat(s.get("featureRows").asInt()).isEqualTo(tracks.size());
      assertThat(s.get("modelRevision").asInt()).isEqualTo(1);

      Run rank = run("--library", ro.toString(), "rank", "--top", "3", "--json");
      assertThat(rank.exit()).as(rank.err()).isZero();
      assertThat(rank.out().strip().split("\n")).hasSize(3);
      String top = Json.mapper().readTree(rank.out().strip().split("\n")[0]).get("path").asText();

      Run explain = run("--library", ro.toString(), "explain", top);
      assertThat(explain.exit()).as(explain.err()).isZero();
      assertThat(explain.out()).contains("nearest liked");

      // The bad case: a write is refused with a clear db_error, and nothing changes.
      Run label = run("--library", ro.toString(), "label", "like", top);
      assertThat(label.exit()).isEqualTo(1);
      assertThat(label.err()).contains("db_error", "read-only");
    } finally {
      release(lib, ro);
    }
    assertThat(run("status", "--library", lib.toString(), "--json").out()).isEqualTo(before);
  }

  /** Returns a read-only view of {@code lib}: chmod, or a read-only bind mount as root. */
  private Path readOnlyView(Path lib) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      setWritable(lib, false);
      assumeTrue(!Files.isWritable(lib), "chmod did not make the library read-only");
      return lib;
    }
    Path mount = Files.createDirectories(work.resolve("ro"));
    boolean bound =
        exec("mount", "--bind", lib.toString(), mount.toString())
            && exec("mount", "-o", "remount,ro,bind", mount.toString());
    if (!bound || Files.isWritable(mount)) {
      exec("umount", mount.toString());
      String why =
          "running as root, where chmod does not stop writes, and a read-only bind mount is not"
              + " allowed here: skipped";
      System.out.println("ReadOnlyLibraryTest: " + why);
      assumeTrue(false, why);
    }
    return mount;
  }

  private void release(Path lib, Path ro) throws Exception {
    if (ro.equals(lib)) {
      setWritable(lib, true);
    } else {
      exec("umount", ro.toString());
    }
  }

  private static void setWritable(Path lib, boolean writable) throws IOException {
    try (Stream<Path> files = Files.walk(lib)) {
      for (Path p : files.toList()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        if (writable) {
          perms.add(PosixFilePermission.OWNER_WRITE);
        } else {
          perms.remove(PosixFilePermission.OWNER_WRITE);
          perms.remove(PosixFilePermission.GROUP_WRITE);
          perms.remove(PosixFilePermission.OTHERS_WRITE);
        }
        Files.setPosixFilePermissions(p, perms);
      }
    }
  }

  private static boolean exec(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
