package io.tributary.jobs.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestorePointsTest {
    private static final String JOB = "0123456789abcdef0123456789abcdef";

    private static Path checkpoint(Path dir, String name, boolean complete) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(JOB).resolve(name));
        if (complete) Files.writeString(chk.resolve("_metadata"), "x");
        return chk;
    }

    @Test
    void latestCheckpointIsTheHighestNumberedCompleteOne(@TempDir Path dir) throws IOException {
        checkpoint(dir, "chk-9", true);
        Path newest = checkpoint(dir, "chk-12", true); // numeric order, not text order ("chk-12" < "chk-9")
        checkpoint(dir, "chk-13", false); // in progress when the job died: no _metadata
        Files.createDirectories(dir.resolve(JOB).resolve("shared"));
        Files.createDirectories(dir.resolve(JOB).resolve("taskowned"));
        assertThat(RestorePoints.latestCheckpoint(dir.toUri().toString(), JOB)).isEqualTo(newest.toUri().toString());
        assertThat(RestorePoints.latestCheckpoint(dir.toString(), JOB)).isEqualTo(newest.toUri().toString());
    }

    @Test
    void noCheckpointsOfTheJobIsNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> RestorePoints.latestCheckpoint(dir.toString(), JOB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no checkpoints of job " + JOB + " under " + dir);
        checkpoint(dir, "chk-1", false);
        assertThatThrownBy(() -> RestorePoints.latestCheckpoint(dir.toString(), JOB))
                .hasMessageStartingWith("job " + JOB + " has no completed checkpoint under");
    }

    @Test
    void restorePathNeedsMetadata(@TempDir Path dir) throws IOException {
        Path chk = checkpoint(dir, "chk-4", true);
        assertThat(RestorePoints.restorePath(chk.toString())).isEqualTo(chk.toUri().toString());
        assertThat(RestorePoints.restorePath(chk.resolve("_metadata").toString())).isEqualTo(chk.toUri().toString());
        assertThat(RestorePoints.restorePath("file:" + chk)).isEqualTo(chk.toUri().toString());
        assertThat(RestorePoints.restorePath("s3://bucket/savepoints/sp-1")).isEqualTo("s3://bucket/savepoints/sp-1");
        assertThatThrownBy(() -> RestorePoints.restorePath(dir.resolve(JOB).toString()))
                .hasMessageContaining("has no _metadata file, so it is not a savepoint or a completed checkpoint");
        assertThatThrownBy(() -> RestorePoints.restorePath(dir.resolve("nope").toString())).hasMessageContaining("does not exist");
    }

    @Test
    void jobIdsAre32HexDigits() {
        assertThat(RestorePoints.isJobId(JOB)).isTrue();
        assertThat(RestorePoints.isJobId("not-a-job")).isFalse();
    }
}
