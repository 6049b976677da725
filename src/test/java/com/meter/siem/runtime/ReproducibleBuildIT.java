package com.meter.siem.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One commit, one package: `sam deploy` uploads a package and updates a function only when its bytes
 * change, and StackSets' code keys are the packages' hashes.
 */
class ReproducibleBuildIT {
    private static final String FUNCTION = "ProvisionerFunction";

    @Test
    void package_whenBuiltTwiceFromOneCommit_isByteIdentical() {
        Map<String, String> first = digests(SamBuild.taskRoot(FUNCTION));

        Map<String, String> second = digests(SamBuild.build(FUNCTION, FUNCTION + "-again"));

        assertEquals(first.keySet(), second.keySet(), "the same files");
        assertEquals(List.of(), first.keySet().stream().filter(file -> !first.get(file).equals(second.get(file)))
                .toList(), "files whose bytes differ");
    }

    /** Each file of the package by its path, with its SHA-256. */
    private static Map<String, String> digests(Path taskRoot) {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(taskRoot)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                digests.put(taskRoot.relativize(file).toString(), HexFormat.of().formatHex(hash));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return digests;
    }
}
