-- Training examples for the flights_delay model, point-in-time correct, continuously: each flight (label: late, i.e.
-- delay > 15 min) joined with the origin_1h and destination_1h feature rows that were current at its departure
-- (event-time temporal joins on the views' changelog topics; values older than the 2 h TTL become NULL), written as
-- event envelopes to examples.flights for the training job (`./tributary deploy train --examples examples.flights`).
--
-- Run:   ./tributary sql sql/training/flights_examples.sql
-- Needs: the feature views sql/features/flights_origin_1h.sql and flights_destination_1h.sql running.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '10s';
SET 'pipeline.name' = 'tributary-examples flights_delay (sql)';

-- Features of the flight's own time: the same code the scoring operator runs (EventTimeFeatures).
CREATE TEMPORARY FUNCTION IF NOT EXISTS hour_of_day AS 'io.tributary.features.sql.EventTimeFunctions$HourOfDay';
CREATE TEMPORARY FUNCTION IF NOT EXISTS day_of_week AS 'io.tributary.features.sql.EventTimeFunctions$DayOfWeek';

CREATE TEMPORARY TABLE flight_labels (
  `key`        STRING,
  payload      ROW<origin STRING, destination STRING, delay INT, distance INT, late BOOLEAN>,
  ts           TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  origin       AS payload.origin,
  destination  AS payload.destination,
  WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'kafka',
  'topic' = 'events.flights',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.group.id' = 'tributary-examples-flights',
  'properties.isolation.level' = 'read_committed',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  -- a row that does not match the columns goes to the dead-letter topic with the reason instead of failing the job
  'format' = 'tributary-json'
);

-- The views' changelogs as versioned tables; the watermark trails window_end by 1 ms (README: a label at exactly a
-- window end must wait for every entity's row of that window).
CREATE TEMPORARY TABLE origin_features (
  origin STRING NOT NULL, window_start TIMESTAMP_LTZ(3), window_end TIMESTAMP_LTZ(3), event_count BIGINT,
  departures BIGINT, mean_delay DOUBLE, max_delay DOUBLE, delay_std DOUBLE, late_rate DOUBLE, total_distance DOUBLE,
  destinations BIGINT, last_destination STRING, view_version STRING,
  PRIMARY KEY (origin) NOT ENFORCED,
  WATERMARK FOR window_end AS window_end - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'upsert-kafka', 'topic' = 'features.origin_1h',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}', 'properties.isolation.level' = 'read_committed',
  'key.format' = 'json', 'value.format' = 'json'
);

CREATE TEMPORARY TABLE destination_features (
  destination STRING NOT NULL, window_start TIMESTAMP_LTZ(3), window_end TIMESTAMP_LTZ(3), event_count BIGINT,
  arrivals BIGINT, mean_delay DOUBLE, max_delay DOUBLE, late_rate DOUBLE, origins BIGINT, view_version STRING,
  PRIMARY KEY (destination) NOT ENFORCED,
  WATERMARK FOR window_end AS window_end - INTERVAL '0.001' SECOND
) WITH (
  'connector' = 'upsert-kafka', 'topic' = 'features.destination_1h',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}', 'properties.isolation.level' = 'read_committed',
  'key.format' = 'json', 'value.format' = 'json'
);

-- Examples as event envelopes (README, Topics and schemas), exactly once.
CREATE TEMPORARY TABLE examples_flights (
  `key`       STRING,
  event_time  STRING,
  source      STRING,
  payload     ROW<late BOOLEAN, origin_departures DOUBLE, origin_mean_delay DOUBLE, origin_late_rate DOUBLE,
                  dest_arrivals DOUBLE, dest_mean_delay DOUBLE, dest_late_rate DOUBLE, distance DOUBLE,
                  hour_of_day DOUBLE, day_of_week DOUBLE, origin_status STRING, dest_status STRING, origin_view_version STRING, dest_view_version STRING>
) WITH (
  'connector' = 'kafka', 'topic' = 'examples.flights',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'tributary-examples-flights',
  'properties.transaction.timeout.ms' = '840000',
  'format' = 'json'
);

INSERT INTO examples_flights
SELECT
  l.`key`,
  DATE_FORMAT(l.ts, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
  'flights',
  ROW(
    l.payload.late,
    CASE WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN CAST(o.departures AS DOUBLE) END,
    CASE WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN o.mean_delay END,
    CASE WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN o.late_rate END,
    CASE WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN CAST(d.arrivals AS DOUBLE) END,
    CASE WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN d.mean_delay END,
    CASE WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN d.late_rate END,
    CAST(l.payload.distance AS DOUBLE),
    hour_of_day(l.ts),
    day_of_week(l.ts),
    CASE WHEN o.window_end IS NULL THEN 'NOT_FOUND' WHEN o.window_end >= l.ts - INTERVAL '2' HOUR THEN 'PRESENT' ELSE 'OUTSIDE_MAX_AGE' END,
    CASE WHEN d.window_end IS NULL THEN 'NOT_FOUND' WHEN d.window_end >= l.ts - INTERVAL '2' HOUR THEN 'PRESENT' ELSE 'OUTSIDE_MAX_AGE' END,
    o.view_version,
    d.view_version
  )
FROM flight_labels AS l
LEFT JOIN origin_features FOR SYSTEM_TIME AS OF l.ts AS o ON l.origin = o.origin
LEFT JOIN destination_features FOR SYSTEM_TIME AS OF l.ts AS d ON l.destination = d.destination;
