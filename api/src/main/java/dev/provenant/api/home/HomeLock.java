package dev.provenant.api.home;

import dev.provenant.api.startup.ProvenantStartupException;
import dev.provenant.artifacts.OwnerOnly;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * An exclusive OS lock on {@code PROVENANT_HOME/server.lock}, held for the life of the server, so
 * a second server on the same home refuses to start instead of sharing (and corrupting) its
 * embedded database. The OS releases the lock if the process dies.
 */
@Component
public class HomeLock {

    // POSIX record locks belong to the process: a second channel on the same file in this JVM
    // would not be refused by the OS, and closing it would drop the first lock. Track them here.
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    public HomeLock(ProvenantHome home) {
        this.file = home.resolve("server.lock");
        if (!HELD_IN_THIS_JVM.add(file)) {
            throw new ProvenantStartupException(
                    "Another Provenant server is already using PROVENANT_HOME=" + home.root() + readHolder(file) + ".",
                    "Stop that server first, or start this one with PROVENANT_HOME pointing at another directory.",
                    null);
        }
        try {
            Set<StandardOpenOption> options =
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            channel = OwnerOnly.posix(file)
                    ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OwnerOnly.FILE))
                    : FileChannel.open(file, options);
            FileLock l;
            try {
                l = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = readHolder(file);
                channel.close();
                HELD_IN_THIS_JVM.remove(file);
                throw new ProvenantStartupException(
                        "Another Provenant server is already using PROVENANT_HOME=" + home.root() + holder + ".",
                        "Stop that server first, or start this one with PROVENANT_HOME pointing at another directory.",
                        null);
            }
            lock = l;
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            HELD_IN_THIS_JVM.remove(file);
            throw new ProvenantStartupException(
                    "Cannot lock " + file + ": " + e.getMessage(), "Check that PROVENANT_HOME is writable.", e);
        }
    }

    private static String readHolder(Path file) {
        try {
            String s = Files.readString(file).trim();
            return s.isEmpty() ? "" : " (" + s + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @PreDestroy
    void release() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        channel.close();
        HELD_IN_THIS_JVM.remove(file);
    }
}
