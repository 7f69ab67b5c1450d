-- Score flights with the flights_delay champion inside a Flink SQL job: ML_PREDICT with the 'onnx' model provider
-- (io.tributary.inference.sql.OnnxModelProviderFactory) runs the registered ONNX model in the task managers, no RPC.
-- Run:   ./tributary sql sql/examples/ml_predict.sql
-- Needs: a flights_delay version with the alias champion (`./tributary deploy train ...`), and the training examples
--        on examples.flights (sql/training/flights_examples.sql) as the rows to score.
--
-- The champion is resolved when the statement is planned: the job runs that version (its bytes checked by SHA-256)
-- until it is submitted again. 'version' = '3' instead of 'alias' pins a version; 'path' = '/models/m.onnx' instead
-- of 'model' runs a file. The INPUT columns are the model's features, in the order it was registered with
-- (`./tributary models show flights_delay`); a NULL feature is fed as NaN (the exported models impute it). OUTPUT is
-- the probability of the positive class (late), DOUBLE or FLOAT. Or name the model's outputs (`models show` lists
-- them): OUTPUT (probability DOUBLE) here; OUTPUT (label BIGINT, probabilities ARRAY<DOUBLE>) for a multi-class model.

CREATE TEMPORARY MODEL flights_delay
  INPUT (origin_departures DOUBLE, origin_mean_delay DOUBLE, origin_late_rate DOUBLE,
         dest_arrivals DOUBLE, dest_mean_delay DOUBLE, dest_late_rate DOUBLE,
         distance DOUBLE, hour_of_day DOUBLE, day_of_week DOUBLE)
  OUTPUT (p_late DOUBLE)
WITH (
  'provider' = 'onnx',
  'model' = 'flights_delay',
  'alias' = 'champion',
  'registry.bootstrap-servers' = '${kafka.bootstrap.servers}'
);

-- The examples as event envelopes (sql/training/flights_examples.sql), the features flattened into columns.
CREATE TEMPORARY TABLE examples_flights (
  `key`       STRING,
  event_time  STRING,
  source      STRING,
  payload     ROW<late BOOLEAN, origin_departures DOUBLE, origin_mean_delay DOUBLE, origin_late_rate DOUBLE,
                  dest_arrivals DOUBLE, dest_mean_delay DOUBLE, dest_late_rate DOUBLE, distance DOUBLE,
                  hour_of_day DOUBLE, day_of_week DOUBLE>
) WITH (
  'connector' = 'kafka',
  'topic' = 'examples.flights',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TEMPORARY VIEW flights_to_score AS
SELECT `key`, event_time, payload.late AS late,
  payload.origin_departures AS origin_departures, payload.origin_mean_delay AS origin_mean_delay,
  payload.origin_late_rate AS origin_late_rate, payload.dest_arrivals AS dest_arrivals,
  payload.dest_mean_delay AS dest_mean_delay, payload.dest_late_rate AS dest_late_rate,
  payload.distance AS distance, payload.hour_of_day AS hour_of_day, payload.day_of_week AS day_of_week
FROM examples_flights;

-- One score per flight, next to the label it turned out to have.
CREATE TEMPORARY TABLE flight_scores (
  `key`       STRING,
  event_time  STRING,
  late        BOOLEAN,
  p_late      DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'examples.flights_scored',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'format' = 'json'
);

-- The DESCRIPTOR lists the table's feature columns in the order of the model's INPUT.
INSERT INTO flight_scores
SELECT `key`, event_time, late, p_late
FROM ML_PREDICT(
  TABLE flights_to_score,
  MODEL flights_delay,
  DESCRIPTOR(origin_departures, origin_mean_delay, origin_late_rate, dest_arrivals, dest_mean_delay, dest_late_rate,
             distance, hour_of_day, day_of_week));

-- Or look at them instead of writing them (comment out the INSERT above):
-- SELECT `key`, late, ROUND(p_late, 3) AS p_late
-- FROM ML_PREDICT(TABLE flights_to_score, MODEL flights_delay,
--   DESCRIPTOR(origin_departures, origin_mean_delay, origin_late_rate, dest_arrivals, dest_mean_delay, dest_late_rate,
--              distance, hour_of_day, day_of_week));
