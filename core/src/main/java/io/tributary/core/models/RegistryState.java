package io.tributary.core.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The model registry's current state: the fold of its event log. */
public final class RegistryState {
    /** A registered version and whether it is archived. */
    public record Version(int number, ModelEvent registered, boolean archived, ModelEvent archivedBy) {}

    /** Where an alias points, with its traffic share (canary) and the version it pointed to before. */
    public record Alias(String name, int version, Double trafficShare, Integer previousVersion, ModelEvent setBy) {}

    /** One model: its versions, aliases, rejected candidates and the events seen, oldest first. */
    public static final class Model {
        private final String name;
        private final TreeMap<Integer, Version> versions = new TreeMap<>();
        private final Map<String, Alias> aliases = new LinkedHashMap<>();
        private final List<ModelEvent> rejected = new ArrayList<>();
        private final List<ModelEvent> history = new ArrayList<>();

        Model(String name) { this.name = name; }

        public String name() { return name; }
        public Map<Integer, Version> versions() { return Collections.unmodifiableMap(versions); }
        public Map<String, Alias> aliases() { return Collections.unmodifiableMap(aliases); }
        public List<ModelEvent> rejected() { return Collections.unmodifiableList(rejected); }
        public List<ModelEvent> history() { return Collections.unmodifiableList(history); }
        public Optional<Alias> alias(String alias) { return Optional.ofNullable(aliases.get(alias)); }
        public Optional<Version> version(int n) { return Optional.ofNullable(versions.get(n)); }
        public int latestVersion() { return versions.isEmpty() ? 0 : versions.lastKey(); }

        /** The version an alias points to. */
        public Optional<Version> aliased(String alias) { return alias(alias).flatMap(a -> version(a.version())); }
    }

    private final Map<String, Model> models = new TreeMap<>();

    /** Applies one event; events must come in log order. */
    public RegistryState apply(ModelEvent e) {
        Model m = models.computeIfAbsent(e.model(), Model::new);
        m.history.add(e);
        switch (e.type()) {
            case VERSION_REGISTERED -> m.versions.put(e.version(), new Version(e.version(), e, false, null));
            case VERSION_ARCHIVED -> {
                // after compaction the archive event is all that is left of the version: it carries the same details
                Version v = m.versions.get(e.version());
                m.versions.put(e.version(), new Version(e.version(), v == null ? e : v.registered(), true, e));
            }
            case ALIAS_SET -> m.aliases.put(e.alias(), new Alias(e.alias(), e.version(), e.trafficShare(), e.previousVersion(), e));
            case ALIAS_REMOVED -> m.aliases.remove(e.alias());
            case CANDIDATE_REJECTED -> m.rejected.add(e);
        }
        return this;
    }

    public static RegistryState fold(List<ModelEvent> log) {
        RegistryState s = new RegistryState();
        log.forEach(s::apply);
        return s;
    }

    public Map<String, Model> models() { return Collections.unmodifiableMap(models); }

    public Optional<Model> model(String name) { return Optional.ofNullable(models.get(name)); }
}
