package io.tributary.jobs.stack;

import java.nio.file.Path;
import java.util.function.Consumer;

/** What services need while preparing and starting: the settings, the java binary, a progress printer. */
record ServiceContext(StackSettings settings, Path javaBinary, Classpaths classpaths, Consumer<String> log) {}
