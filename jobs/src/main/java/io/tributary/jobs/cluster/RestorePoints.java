package io.tributary.jobs.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Savepoints and retained checkpoints on the local file system, which a job can be started from: a directory holding a
 * {@code _metadata} file. Flink keeps a job's checkpoints as {@code <checkpoint dir>/<job id>/chk-<n>/_metadata}.
 */
public final class RestorePoints {
    static final String METADATA = "_metadata";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    private RestorePoints() {}

    /** Whether {@code id} has the form of a Flink job id (32 hex digits). */
    public static boolean isJobId(String id) { return JOB_ID.matcher(id).matches(); }

    /**
     * The path to give Flink for {@code path} (a savepoint or checkpoint directory, or its {@code _metadata} file; a
     * plain path or a {@code file:} URI). Paths on other file systems (s3://, hdfs://) are passed on unchecked.
     *
     * @throws IllegalArgumentException naming the problem when a local path holds no {@code _metadata}
     */
    public static String restorePath(String path) {
        Optional<Path> local = localPath(path);
        if (local.isEmpty()) return path;
        Path p = local.get().toAbsolutePath().normalize();
        if (p.getFileName() != null && p.getFileName().toString().equals(METADATA) && Files.isRegularFile(p)) p = p.getParent();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(path + " does not exist; give a savepoint directory (printed by `tributary savepoint`)"
                    + " or a retained checkpoint <checkpoint dir>/<job id>/chk-<n>, or use --from-latest-checkpoint JOB_ID");
        }
        if (!Files.isRegularFile(p.resolve(METADATA))) {
            throw new IllegalArgumentException(path + " has no _metadata file, so it is not a savepoint or a completed checkpoint;"
                    + " give the savepoint directory itself or a chk-<n> directory inside <checkpoint dir>/<job id>/");
        }
        return p.toUri().toString();
    }

    /**
     * The newest completed checkpoint of {@code jobId} under {@code checkpointDir} (the cluster's
     * {@code execution.checkpointing.dir}): the {@code chk-<n>} with the highest n that has a {@code _metadata} file.
     *
     * @throws IllegalArgumentException naming the problem when there is none
     */
    public static String latestCheckpoint(String checkpointDir, String jobId) {
        Path dir = localPath(checkpointDir).orElseThrow(() -> new IllegalArgumentException("the cluster's checkpoint directory "
                + checkpointDir + " is not on the local file system; give the checkpoint with --from-savepoint PATH"));
        Path jobDir = dir.resolve(jobId);
        if (!Files.isDirectory(jobDir)) {
            throw new IllegalArgumentException("no checkpoints of job " + jobId + " under " + dir + " (the job never completed a"
                    + " checkpoint, its checkpoints were not retained, or the id is wrong: `ls " + dir + "` lists the jobs with checkpoints)");
        }
        try (Stream<Path> children = Files.list(jobDir)) {
            List<Path> complete = children.filter(c -> CHECKPOINT.matcher(c.getFileName().toString()).matches())
                    .filter(c -> Files.isRegularFile(c.resolve(METADATA))).toList();
            return complete.stream().max(Comparator.comparingLong(RestorePoints::checkpointNumber))
                    .map(c -> c.toAbsolutePath().normalize().toUri().toString())
                    .orElseThrow(() -> new IllegalArgumentException("job " + jobId + " has no completed checkpoint under " + jobDir
                            + " (no chk-<n> directory with a _metadata file)"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + jobDir + ": " + e.getMessage(), e);
        }
    }

    static long checkpointNumber(Path chk) {
        Matcher m = CHECKPOINT.matcher(chk.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The local path of a plain path or a file: URI; empty for other schemes. */
    static Optional<Path> localPath(String path) {
        if (path.startsWith("file:")) return Optional.of(Path.of(URI.create(path.startsWith("file:/") && !path.startsWith("file://")
                ? "file://" + path.substring("file:".length()) : path)));
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) return Optional.empty();
        return Optional.of(Path.of(path));
    }
}
