package io.tributary.inference.sql;

import io.tributary.core.event.Sha256;
import io.tributary.core.models.ArtifactStore;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The ONNX model an {@code ML_PREDICT} call runs, pinned when the statement is planned: where its bytes are, their
 * SHA-256, and the features it takes in order. Every subtask (and every restart of the job) loads exactly these bytes,
 * so an alias moved or a file replaced after planning cannot make subtasks disagree; submit the statement again to
 * pick up a new champion.
 *
 * @param description  what it is, for messages: {@code flights_delay v3 (champion)} or the file
 * @param uri          the artefact's URI (registry) or the file's path/URI
 * @param sha256       the content's SHA-256, checked on every read
 * @param features     the model's features, in the order of the {@code INPUT} columns
 * @param fromRegistry true: read through {@link ArtifactStore} (Hadoop file systems, as the registry writes);
 *                     false: read through Flink's file systems (file://, and whatever plugins the cluster has)
 */
public record OnnxArtifact(String description, String uri, String sha256, List<String> features, boolean fromRegistry)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public OnnxArtifact {
        features = List.copyOf(features);
    }

    /** The description, with the artefact's URI for a registry model (a file's description names the file). */
    public String describeWithUri() {
        return fromRegistry ? description + " from " + uri : description;
    }

    /** Reads the bytes and checks them against {@link #sha256()}. */
    public byte[] read() throws IOException {
        if (fromRegistry) return ArtifactStore.read(uri, sha256);
        byte[] bytes = readFile(uri);
        String actual = Sha256.hex(bytes);
        if (!actual.equals(sha256)) {
            throw new IOException("the model file " + uri + " changed after the statement was planned (sha256 " + actual
                    + ", planned with " + sha256 + "): submit the statement again to use the new file");
        }
        return bytes;
    }

    /** The bytes of a file on one of Flink's file systems (a plain path is a local file). */
    static byte[] readFile(String pathOrUri) throws IOException {
        Path path = new Path(pathOrUri);
        try (FSDataInputStream in = path.getFileSystem().open(path)) {
            return in.readAllBytes();
        }
    }
}
