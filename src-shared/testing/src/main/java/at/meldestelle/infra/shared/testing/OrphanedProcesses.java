package at.meldestelle.infra.shared.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Servers whose test JVM was killed (a crashed fork, {@code kill -9} of Maven) outlive it. Every
 * server started gets a pid file naming it and its owner; a later run stops the servers whose owner
 * is gone. Start times are compared too, so a reused pid is never taken for one of ours.
 */
final class OrphanedProcesses {

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "meldestelle-test-servers-" + user());

    private OrphanedProcesses() {
    }

    static void remember(ProcessHandle child) {
        Properties entry = new Properties();
        entry.setProperty("owner", Long.toString(ProcessHandle.current().pid()));
        entry.setProperty("ownerStart", start(ProcessHandle.current()));
        entry.setProperty("child", Long.toString(child.pid()));
        entry.setProperty("childStart", start(child));
        try {
            Files.createDirectories(DIR);
            try (var out = Files.newOutputStream(file(child.pid()))) {
                entry.store(out, "a test server and the JVM that started it");
            }
        } catch (IOException e) {
            // Only the clean-up after a killed JVM depends on the file; the test itself goes on.
            System.err.println("Could not write " + file(child.pid()) + ": " + e);
        }
    }

    static void forget(ProcessHandle child) {
        try {
            Files.deleteIfExists(file(child.pid()));
        } catch (IOException e) {
            System.err.println("Could not delete " + file(child.pid()) + ": " + e);
        }
    }

    /** Stops every remembered server whose owner JVM no longer runs. */
    static void stopAll() {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "*.pid")) {
            for (Path file : files) {
                Properties entry = new Properties();
                try (var in = Files.newInputStream(file)) {
                    entry.load(in);
                }
                if (alive(entry.getProperty("owner"), entry.getProperty("ownerStart")).isPresent()) {
                    continue;
                }
                alive(entry.getProperty("child"), entry.getProperty("childStart")).ifPresent(orphan -> {
                    System.err.println("Stopping test server " + orphan.pid() + " left behind by a test JVM that was killed");
                    orphan.descendants().forEach(ProcessHandle::destroyForcibly);
                    orphan.destroyForcibly();
                });
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not clean up test servers of earlier runs in " + DIR + ": " + e);
        }
    }

    private static Optional<ProcessHandle> alive(String pid, String startedAt) {
        if (pid == null || startedAt == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid))
                .filter(ProcessHandle::isAlive)
                .filter(handle -> start(handle).equals(startedAt));
    }

    private static String start(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse("unknown");
    }

    private static Path file(long pid) {
        return DIR.resolve(pid + ".pid");
    }

    private static String user() {
        return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
