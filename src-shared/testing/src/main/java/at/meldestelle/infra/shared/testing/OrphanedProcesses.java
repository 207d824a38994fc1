package at.meldestelle.infra.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Servers whose test JVM was killed (a crashed fork, {@code kill -9} of Maven) outlive it. Each
 * JVM that starts servers holds a lock on an owner file for as long as it lives (the operating
 * system releases it when the process dies, however it dies), and every server gets a pid file
 * naming it and that owner file. A later run stops the servers whose owner's lock is free. The
 * server's start time is compared too, so a reused pid is never taken for one of ours.
 */
final class OrphanedProcesses {

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "meldestelle-test-servers-" + user());
    private static final String OWNER_SUFFIX = ".owner";
    private static volatile Path ownerFile;

    private OrphanedProcesses() {
    }

    static void remember(ProcessHandle child) {
        Properties entry = new Properties();
        entry.setProperty("owner", owner().getFileName().toString());
        entry.setProperty("child", Long.toString(child.pid()));
        entry.setProperty("childStart", start(child));
        Path file = file(child.pid());
        try {
            // Written whole or not at all: a sweep in another JVM never reads half an entry.
            Path partial = DIR.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try (var out = Files.newOutputStream(partial)) {
                entry.store(out, "a test server and the lock file of the JVM that started it");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Only the clean-up after a killed JVM depends on the file; the test itself goes on.
            System.err.println("Could not write " + file + ": " + e);
        }
    }

    static void forget(ProcessHandle child) {
        try {
            Files.deleteIfExists(file(child.pid()));
        } catch (IOException e) {
            System.err.println("Could not delete " + file(child.pid()) + ": " + e);
        }
    }

    /** Stops every remembered server whose owner JVM no longer runs; removes what they leave. */
    static void stopAll() {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "*.pid")) {
            for (Path file : files) {
                stopIfOrphaned(file);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not look for test servers of earlier runs in " + DIR + ": " + e);
        }
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(DIR, "*" + OWNER_SUFFIX)) {
            for (Path owner : owners) {
                if (!owner.equals(ownerFile) && !held(owner)) {
                    Files.deleteIfExists(owner);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not remove owner files of earlier runs in " + DIR + ": " + e);
        }
    }

    private static void stopIfOrphaned(Path file) {
        try {
            Properties entry = new Properties();
            try (var in = Files.newInputStream(file)) {
                entry.load(in);
            }
            String owner = entry.getProperty("owner");
            String child = entry.getProperty("child");
            String childStart = entry.getProperty("childStart");
            if (owner == null || child == null || childStart == null || held(DIR.resolve(owner))) {
                return;
            }
            ProcessHandle.of(Long.parseLong(child))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> start(handle).equals(childStart))
                    .ifPresent(orphan -> {
                        System.err.println("Stopping test server " + orphan.pid() + " left behind by a test JVM that was killed");
                        orphan.descendants().forEach(ProcessHandle::destroyForcibly);
                        orphan.destroyForcibly();
                    });
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not check " + file + ": " + e);
        }
    }

    /** True while the JVM that created the owner file runs: it holds the file's lock until it dies. */
    private static boolean held(Path owner) throws IOException {
        if (owner.equals(ownerFile)) {
            return true;
        }
        if (!Files.exists(owner)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(owner, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** This JVM's owner file, created and locked on first use; the lock lives as long as the JVM. */
    private static synchronized Path owner() {
        if (ownerFile == null) {
            try {
                Files.createDirectories(DIR);
                Path file = DIR.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + OWNER_SUFFIX);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    throw new IOException("could not lock " + file);
                }
                ownerFile = file; // the channel stays open, and so the lock held, until the JVM exits
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the owner file of this test JVM in " + DIR, e);
            }
        }
        return ownerFile;
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
