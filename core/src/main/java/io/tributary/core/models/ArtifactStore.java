package io.tributary.core.models;

import io.tributary.core.event.Sha256;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;

/**
 * Model artefacts, content-addressed: stored as {@code <base>/<sha256>.onnx} on any Hadoop-compatible file system
 * (a local directory under the warehouse by default), and verified against their hash whenever they are read.
 */
public final class ArtifactStore implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String base;

    public ArtifactStore(String baseUri) {
        this.base = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    }

    public String base() { return base; }

    /** Stores the bytes (once: the same content has the same address); returns the artefact's URI. */
    public String put(byte[] bytes) throws IOException {
        String sha = Sha256.hex(bytes);
        Path path = new Path(base + "/" + sha + ".onnx");
        FileSystem fs = path.getFileSystem(new Configuration());
        fs.setWriteChecksum(false); // the content address is the checksum
        if (!fs.exists(path)) {
            Path tmp = new Path(base + "/." + sha + ".tmp");
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (!fs.rename(tmp, path) && !fs.exists(path)) throw new IOException("cannot move " + tmp + " to " + path);
        }
        return path.toUri().toString();
    }

    /**
     * Reads an artefact and checks its content against {@code expectedSha256}.
     *
     * @throws IOException naming both hashes when the content does not match
     */
    public static byte[] read(String uri, String expectedSha256) throws IOException {
        Path path = new Path(URI.create(uri));
        FileSystem fs = path.getFileSystem(new Configuration());
        fs.setVerifyChecksum(false); // verified below, by content address, the same way on every file system
        byte[] bytes;
        try (FSDataInputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new IOException("artefact " + uri + " has sha256 " + actual + ", but the registry expects " + expectedSha256);
        }
        return bytes;
    }
}
