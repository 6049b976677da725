package com.meter.siem.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds a function's deployment package the way `sam build` does for {@code BuildMethod: makefile}: a copy
 * of the project folder, then {@code make build-<LogicalId>} run in it with ARTIFACTS_DIR the folder to fill.
 * Each function is built once per test JVM, into target/sam-build/LOGICAL_ID.
 */
final class SamBuild {
    private static final Path ROOT = Path.of("target", "sam-build").toAbsolutePath();
    /** Not part of what the build reads: Maven's output, and version control. */
    private static final Set<String> NOT_COPIED = Set.of("target", ".git");
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private SamBuild() {
    }

    /** The task root of LOGICAL_ID's package: what Lambda unpacks to /var/task. */
    static Path taskRoot(String logicalId) {
        return BUILT.computeIfAbsent(logicalId, id -> build(id, id));
    }

    /** Builds LOGICAL_ID's package anew, from a fresh copy, into target/sam-build/FOLDER. */
    static Path build(String logicalId, String folder) {
        Path scratch = ROOT.resolve("scratch-" + folder);
        Path artifacts = ROOT.resolve(folder);
        try {
            delete(scratch);
            delete(artifacts);
            Files.createDirectories(artifacts);
            copyProject(Path.of("").toAbsolutePath(), scratch);
            Path log = ROOT.resolve(folder + "-build.log");
            ProcessBuilder make = new ProcessBuilder("make", "--makefile", scratch.resolve("Makefile").toString(),
                    "build-" + logicalId)
                    .directory(scratch.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            make.environment().put("ARTIFACTS_DIR", artifacts.toString());
            Process process;
            try {
                process = make.start();
            } catch (IOException e) {
                throw new IllegalStateException("make not found on PATH: the tests build each function's package"
                        + " with the Makefile, as `sam build` does. Install make (apt-get install make)", e);
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("make build-" + logicalId + " did not finish in 10 minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                throw new AssertionError("make build-" + logicalId + " failed (exit " + process.exitValue() + "):\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            delete(scratch);
            return artifacts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building " + logicalId, e);
        }
    }

    /** What a package takes unzipped, as Lambda counts it against its 250 MB. */
    static long unzippedBytes(Path taskRoot) {
        try (Stream<Path> files = Files.walk(taskRoot)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyProject(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (!relative.toString().isEmpty() && NOT_COPIED.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
