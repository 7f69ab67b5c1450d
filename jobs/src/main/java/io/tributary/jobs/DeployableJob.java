package io.tributary.jobs;

import io.tributary.jobs.ingest.EventIngestJob;

import java.util.Arrays;
import java.util.Optional;

/** The jobs in Tributary's job jar that {@code ./tributary deploy NAME} knows by name. */
public enum DeployableJob {
    INGEST("ingest", EventIngestJob.class,
            "validate raw events: envelopes to --output, malformed records to the dead-letter topic (exactly once)"),
    TRAIN("train", io.tributary.jobs.train.TrainingJobMain.class,
            "continuous training of one model from labelled examples; gated versions to the model registry"),
    SCORE("score", io.tributary.jobs.score.ScoringJobMain.class,
            "score events with a model's champion in the operator (ONNX Runtime), hot-swapped from the registry; "
                    + "predictions.<model>, exactly once"),
    AB("ab", io.tributary.jobs.score.AbJobMain.class,
            "A/B analysis of a model's traffic split: predictions joined with outcomes in event time, per window and "
                    + "variant, to ab.results"),
    DRIFT("drift", io.tributary.jobs.drift.DriftJobMain.class,
            "drift of a model's served inputs and scores against its training reference (PSI, KS, Wasserstein, "
                    + "chi-square) and of its error stream; drift.metrics, drift.alerts, retrain requests"),
    REGISTRY_AUDIT("registry-audit", io.tributary.jobs.audit.RegistryAuditJob.class,
            "mirror every model registry event to the Iceberg table models.registry_audit");

    private final String jobName;
    private final Class<?> entryClass;
    private final String description;

    DeployableJob(String jobName, Class<?> entryClass, String description) {
        this.jobName = jobName;
        this.entryClass = entryClass;
        this.description = description;
    }

    public String jobName() { return jobName; }
    public String entryClass() { return entryClass.getName(); }
    public String description() { return description; }

    public static Optional<DeployableJob> byName(String name) {
        return Arrays.stream(values()).filter(j -> j.jobName.equals(name)).findFirst();
    }
}
