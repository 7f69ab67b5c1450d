-- Backfill of the flights_delay training examples from the flights parquet file (README, The flights dataset), with
-- the same feature definitions and the same point-in-time rule as the streaming examples (flights_examples.sql):
-- each flight joined with the origin_1h and destination_1h rows current at its departure, values older than the 2 h
-- TTL NULL. The views' rows become versioned tables by deduplication on the window's time attribute (window_time =
-- window_end - 1 ms, so a label at exactly a window end sees that window; flight times have minute resolution).
-- Written as event envelopes to examples.flights, where the training job reads them.
--
-- Run:   ./tributary sql --local sql/training/flights_examples_backfill.sql \
--          -Dflights.parquet=/path/flights-3m.parquet -Dfrom='2001-01-01 00:00:00' -Dto='2001-02-01 00:00:00'
-- `./tributary bench quality` runs the same statements up to the view flight_examples and reads the view.

SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.name' = 'tributary-examples flights_delay (backfill)';

-- Features of the flight's own time: the same code the scoring operator runs (EventTimeFeatures).
CREATE TEMPORARY FUNCTION IF NOT EXISTS hour_of_day AS 'io.tributary.features.sql.EventTimeFunctions$HourOfDay';
CREATE TEMPORARY FUNCTION IF NOT EXISTS day_of_week AS 'io.tributary.features.sql.EventTimeFunctions$DayOfWeek';

CREATE TEMPORARY TABLE flights_file (
  `date`       BIGINT,
  delay        BIGINT,
  distance     BIGINT,
  origin       STRING,
  destination  STRING,
  ts AS TO_TIMESTAMP_LTZ(`date` / 1000, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = '${flights.parquet}',
  'format' = 'parquet'
);

CREATE TEMPORARY VIEW flights AS
SELECT
  CONCAT(origin, '-', destination, '-', CAST(`date` AS STRING)) AS flight_key,
  origin, destination, CAST(delay AS INT) AS delay, CAST(distance AS INT) AS distance, delay > 15 AS late, ts
FROM flights_file
WHERE ts >= TO_TIMESTAMP_LTZ(UNIX_TIMESTAMP('${from}') * 1000, 3)
  AND ts <  TO_TIMESTAMP_LTZ(UNIX_TIMESTAMP('${to}') * 1000, 3);

-- The feature views (as in sql/features/flights_origin_1h.sql and flights_destination_1h.sql).
CREATE TEMPORARY VIEW origin_1h AS
SELECT origin, window_start, window_end, window_time,
  COUNT(*) AS departures, AVG(CAST(delay AS DOUBLE)) AS mean_delay,
  AVG(CASE WHEN late THEN 1.0 ELSE 0.0 END) AS late_rate, 'sql-1' AS view_version
FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(ts), INTERVAL '1' HOUR))
WHERE origin IS NOT NULL
GROUP BY origin, window_start, window_end, window_time;

CREATE TEMPORARY VIEW destination_1h AS
SELECT destination, window_start, window_end, window_time,
  COUNT(*) AS arrivals, AVG(CAST(delay AS DOUBLE)) AS mean_delay,
  AVG(CASE WHEN late THEN 1.0 ELSE 0.0 END) AS late_rate, 'sql-1' AS view_version
FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(ts), INTERVAL '1' HOUR))
WHERE destination IS NOT NULL
GROUP BY destination, window_start, window_end, window_time;

-- Versioned tables: the newest row per entity as of each time.
CREATE TEMPORARY VIEW origin_versions AS
SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY origin ORDER BY window_time DESC) AS rn FROM origin_1h) WHERE rn = 1;
CREATE TEMPORARY VIEW destination_versions AS
SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY destination ORDER BY window_time DESC) AS rn FROM destination_1h) WHERE rn = 1;

CREATE TEMPORARY VIEW flight_examples AS
SELECT
  l.flight_key AS `key`,
  l.ts AS event_time,
  l.late,
  CASE WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN CAST(o.departures AS DOUBLE) END AS origin_departures,
  CASE WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN o.mean_delay END AS origin_mean_delay,
  CASE WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN o.late_rate END AS origin_late_rate,
  CASE WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN CAST(d.arrivals AS DOUBLE) END AS dest_arrivals,
  CASE WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN d.mean_delay END AS dest_mean_delay,
  CASE WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN d.late_rate END AS dest_late_rate,
  CAST(l.distance AS DOUBLE) AS distance,
  hour_of_day(l.ts) AS hour_of_day,
  day_of_week(l.ts) AS day_of_week,
  o.view_version AS origin_view_version,
  d.view_version AS dest_view_version
FROM flights AS l
LEFT JOIN origin_versions FOR SYSTEM_TIME AS OF l.ts AS o ON l.origin = o.origin
LEFT JOIN destination_versions FOR SYSTEM_TIME AS OF l.ts AS d ON l.destination = d.destination;

CREATE TEMPORARY TABLE examples_flights (
  `key`       STRING,
  event_time  STRING,
  source      STRING,
  payload     ROW<late BOOLEAN, origin_departures DOUBLE, origin_mean_delay DOUBLE, origin_late_rate DOUBLE,
                  dest_arrivals DOUBLE, dest_mean_delay DOUBLE, dest_late_rate DOUBLE, distance DOUBLE,
                  hour_of_day DOUBLE, day_of_week DOUBLE, origin_view_version STRING, dest_view_version STRING>
) WITH (
  'connector' = 'kafka', 'topic' = 'examples.flights',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'format' = 'json'
);

INSERT INTO examples_flights
SELECT `key`, DATE_FORMAT(event_time, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''), 'flights-backfill',
  ROW(late, origin_departures, origin_mean_delay, origin_late_rate, dest_arrivals, dest_mean_delay, dest_late_rate,
      distance, hour_of_day, day_of_week, origin_view_version, dest_view_version)
FROM flight_examples;
