-- Feature view destination_1h: flights per destination airport in tumbling 1-hour event-time windows.
-- Run:   ./tributary sql sql/features/flights_destination_1h.sql   (same source and stores as flights_origin_1h.sql)

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '10s';
SET 'pipeline.name' = 'tributary-features destination_1h (sql)';

-- The same aggregators as the Java feature views (one init/update/merge/finish code path).
CREATE TEMPORARY FUNCTION IF NOT EXISTS hll_distinct_count AS 'io.tributary.features.sql.HllDistinctCount';
CREATE TEMPORARY FUNCTION IF NOT EXISTS last_by_time AS 'io.tributary.features.sql.LastByTime';

-- Events: the envelope's payload, with the Kafka record timestamp (= event time) as the time attribute.
CREATE TEMPORARY TABLE flights_events (
  `key`    STRING,
  payload  ROW<origin STRING, destination STRING, delay INT, distance INT, late BOOLEAN>,
  ts       TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'kafka',
  'topic' = 'events.flights',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'properties.group.id' = 'tributary-sql-features-destination_1h',
  'properties.isolation.level' = 'read_committed',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  -- a row that does not match the columns goes to the dead-letter topic with the reason instead of failing the job
  'format' = 'tributary-json'
);

-- Offline store: Iceberg.
CREATE CATALOG tributary WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop', 'warehouse' = '${iceberg.warehouse}');
CREATE DATABASE IF NOT EXISTS tributary.features;
CREATE TABLE IF NOT EXISTS tributary.features.destination_1h (
  destination       STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(6) NOT NULL,
  window_end        TIMESTAMP_LTZ(6) NOT NULL,
  event_count       BIGINT NOT NULL,
  arrivals          BIGINT,
  mean_delay        DOUBLE,
  max_delay         DOUBLE,
  late_rate         DOUBLE,
  origins           BIGINT,
  view_version      STRING NOT NULL
);

-- Online store: Redis hash tributary:destination_1h:<destination>.
CREATE TEMPORARY TABLE online_destination_1h (
  destination       STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(6) NOT NULL,
  window_end        TIMESTAMP_LTZ(6) NOT NULL,
  event_count       BIGINT NOT NULL,
  arrivals          BIGINT,
  mean_delay        DOUBLE,
  max_delay         DOUBLE,
  late_rate         DOUBLE,
  origins           BIGINT,
  view_version      STRING NOT NULL,
  PRIMARY KEY (destination) NOT ENFORCED
) WITH ('connector' = 'redis', 'uri' = '${redis.uri}', 'view' = 'destination_1h',
  'registry.bootstrap-servers' = '${kafka.bootstrap.servers}',
  'description' = 'flights per destination airport, hourly',
  'owner' = 'flights', 'ttl' = '2 h');

-- Changelog: the same rows on Kafka topic features.destination_1h (key: the entity keys as JSON), read by streaming training
-- sets as a versioned table (README, Point-in-time training sets).
CREATE TEMPORARY TABLE changelog_destination_1h (
  destination       STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(3) NOT NULL,
  window_end        TIMESTAMP_LTZ(3) NOT NULL,
  event_count       BIGINT NOT NULL,
  arrivals          BIGINT,
  mean_delay        DOUBLE,
  max_delay         DOUBLE,
  late_rate         DOUBLE,
  origins           BIGINT,
  view_version      STRING NOT NULL,
  PRIMARY KEY (destination) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'features.destination_1h',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'key.format' = 'json',
  'value.format' = 'json'
);

CREATE TEMPORARY VIEW destination_1h AS
SELECT
  payload.destination                                       AS destination,
  CAST(window_start AS TIMESTAMP_LTZ(6))                    AS window_start,
  CAST(window_end AS TIMESTAMP_LTZ(6))                      AS window_end,
  COUNT(*)                                                  AS event_count,
  COUNT(*)                                                  AS arrivals,
  AVG(CAST(payload.delay AS DOUBLE))                        AS mean_delay,
  MAX(CAST(payload.delay AS DOUBLE))                        AS max_delay,
  AVG(CASE WHEN payload.late IS NULL THEN CAST(NULL AS DOUBLE)
           WHEN payload.late THEN 1.0 ELSE 0.0 END)         AS late_rate,
  hll_distinct_count(payload.origin)                        AS origins,
  'sql-1'                                                   AS view_version
FROM TABLE(TUMBLE(TABLE flights_events, DESCRIPTOR(ts), INTERVAL '1' HOUR))
WHERE payload.destination IS NOT NULL
GROUP BY payload.destination, window_start, window_end;

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO online_destination_1h SELECT * FROM destination_1h;
  INSERT INTO tributary.features.destination_1h SELECT * FROM destination_1h;
  INSERT INTO changelog_destination_1h SELECT destination, CAST(window_start AS TIMESTAMP_LTZ(3)), CAST(window_end AS TIMESTAMP_LTZ(3)), event_count, arrivals, mean_delay, max_delay, late_rate, origins, view_version FROM destination_1h;
END;
