package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Serializes up, down and the supervisor's restarts on one state directory, across processes. */
record StackLock(FileChannel channel, FileLock lock) implements AutoCloseable {

    /** The lock, waiting up to 5 s for a supervisor's restart to finish. */
    static StackLock acquire(Path stateDir) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Optional<StackLock> lock = tryAcquire(stateDir);
            if (lock.isPresent()) return lock.get();
            if (System.nanoTime() > deadline) {
                throw new StackException("another `tributary up/down` is running on " + stateDir);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for the lock of " + stateDir);
            }
        }
    }

    static Optional<StackLock> tryAcquire(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        FileChannel ch = FileChannel.open(stateDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            return Optional.empty();
        }
        return Optional.of(new StackLock(ch, lock));
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
