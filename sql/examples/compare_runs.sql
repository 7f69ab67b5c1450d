-- Compare training runs of every model: the experiment record (Iceberg table models.runs, one row per run).
-- `models` is a keyword in Flink SQL: quote it.
-- Run: ./tributary sql --local --batch sql/examples/compare_runs.sql   (or through the gateway)

CREATE CATALOG tributary WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop', 'warehouse' = '${iceberg.warehouse}');

-- every run, newest data last: did retraining help, and by how much against the champion on the same holdout?
SELECT model, run_id, `trigger`, outcome, version, ROUND(auc, 4) AS auc, ROUND(champion_auc, 4) AS champion_auc,
       ROUND(auc - champion_auc, 4) AS auc_gain, ROUND(log_loss, 4) AS log_loss, examples, duration_ms, reason
FROM tributary.`models`.runs
ORDER BY model, to_event_time;

-- the best registered run per model
SELECT model, run_id, version, auc FROM (
  SELECT model, run_id, version, auc, ROW_NUMBER() OVER (PARTITION BY model ORDER BY auc DESC) AS rn
  FROM tributary.`models`.runs WHERE outcome = 'REGISTERED'
) WHERE rn = 1;
