package io.tributary.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployCommandTest {
    @TempDir Path dir;

    @Test
    void aPayloadSchemaFileIsReadOnTheClientAndPassedAsText() throws Exception {
        Path file = dir.resolve("flights.schema");
        Files.writeString(file, "-- comment\norigin STRING NOT NULL,\n  delay INT\n");
        List<String> args = new ArrayList<>(List.of("--input", "raw", "--payload-schema-file", file.toString(), "--output", "events"));
        DeployCommand.inlinePayloadSchema(args);
        assertThat(args).containsExactly("--input", "raw", "--payload-schema", "origin STRING NOT NULL, delay INT ", "--output", "events");
    }

    @Test
    void theFlightsSchemaOfTheRepositoryParses() throws Exception {
        List<String> args = new ArrayList<>(List.of("--payload-schema-file",
                Path.of(System.getProperty("tributary.root", "..")).resolve("sql/sources/flights.schema").toString()));
        DeployCommand.inlinePayloadSchema(args);
        assertThat(args.get(1)).contains("origin STRING NOT NULL").contains("late BOOLEAN NOT NULL");
    }

    @Test
    void aMissingOrBadFileIsOneLineNamingIt() throws Exception {
        assertThatThrownBy(() -> DeployCommand.inlinePayloadSchema(new ArrayList<>(List.of("--payload-schema-file", dir.resolve("nope").toString()))))
                .isInstanceOf(TributaryCommand.UserError.class).hasMessageStartingWith("cannot read the payload schema file");
        Path bad = dir.resolve("bad.schema");
        Files.writeString(bad, "delay NUMBER");
        assertThatThrownBy(() -> DeployCommand.inlinePayloadSchema(new ArrayList<>(List.of("--payload-schema-file", bad.toString()))))
                .isInstanceOf(TributaryCommand.UserError.class).hasMessageContaining("bad.schema").hasMessageContaining("unknown type 'NUMBER'");
        assertThatThrownBy(() -> DeployCommand.inlinePayloadSchema(new ArrayList<>(List.of("--payload-schema-file"))))
                .isInstanceOf(TributaryCommand.UserError.class).hasMessageContaining("needs a file");
    }
}
