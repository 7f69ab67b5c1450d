-- Feature view origin_1h: flights per origin airport in tumbling 1-hour event-time windows.
-- One computation (a STATEMENT SET shares the source and the aggregation) writes the same rows to the online store
-- (Redis, 'connector' = 'redis'), to the offline store (Iceberg table features.origin_1h) and to the changelog topic
-- features.origin_1h.
--
-- Run:   ./tributary sql sql/features/flights_origin_1h.sql
-- Needs: flight events in events.flights (the event envelope, README), e.g. from `./tributary deploy ingest`.
-- Dollar-brace placeholders (kafka.bootstrap.servers, redis.uri, iceberg.warehouse) are filled in from the
-- configuration by `tributary sql`.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '10s';
SET 'pipeline.name' = 'tributary-features origin_1h (sql)';

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
  'properties.group.id' = 'tributary-sql-features-origin_1h',
  'properties.isolation.level' = 'read_committed',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  -- a row that does not match the columns goes to the dead-letter topic with the reason instead of failing the job
  'format' = 'tributary-json'
);

-- Offline store: Iceberg, the same columns as the Java views write.
CREATE CATALOG tributary WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop', 'warehouse' = '${iceberg.warehouse}');
CREATE DATABASE IF NOT EXISTS tributary.features;
CREATE TABLE IF NOT EXISTS tributary.features.origin_1h (
  origin            STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(6) NOT NULL,
  window_end        TIMESTAMP_LTZ(6) NOT NULL,
  event_count       BIGINT NOT NULL,
  departures        BIGINT,
  mean_delay        DOUBLE,
  max_delay         DOUBLE,
  delay_std         DOUBLE,
  late_rate         DOUBLE,
  total_distance    DOUBLE,
  destinations      BIGINT,
  last_destination  STRING,
  view_version      STRING NOT NULL
);

-- Online store: Redis hash tributary:origin_1h:<origin>, compare-and-set on window_end, 2 h TTL.
CREATE TEMPORARY TABLE online_origin_1h (
  origin            STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(6) NOT NULL,
  window_end        TIMESTAMP_LTZ(6) NOT NULL,
  event_count       BIGINT NOT NULL,
  departures        BIGINT,
  mean_delay        DOUBLE,
  max_delay         DOUBLE,
  delay_std         DOUBLE,
  late_rate         DOUBLE,
  total_distance    DOUBLE,
  destinations      BIGINT,
  last_destination  STRING,
  view_version      STRING NOT NULL,
  PRIMARY KEY (origin) NOT ENFORCED
) WITH (
  'connector' = 'redis',
  'uri' = '${redis.uri}',
  'view' = 'origin_1h',
  'registry.bootstrap-servers' = '${kafka.bootstrap.servers}',
  'description' = 'flights per origin airport, hourly',
  'owner' = 'flights',
  'view-version' = 'sql-1',
  'ttl' = '2 h'
);

-- Changelog: the same rows on Kafka topic features.origin_1h (key: the entity keys as JSON), read by streaming training
-- sets as a versioned table (README, Point-in-time training sets).
CREATE TEMPORARY TABLE changelog_origin_1h (
  origin            STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(3) NOT NULL,
  window_end        TIMESTAMP_LTZ(3) NOT NULL,
  event_count       BIGINT NOT NULL,
  departures        BIGINT,
  mean_delay        DOUBLE,
  max_delay         DOUBLE,
  delay_std         DOUBLE,
  late_rate         DOUBLE,
  total_distance    DOUBLE,
  destinations      BIGINT,
  last_destination  STRING,
  view_version      STRING NOT NULL,
  PRIMARY KEY (origin) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'features.origin_1h',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'key.format' = 'json',
  'value.format' = 'json'
);

-- The feature view itself.
CREATE TEMPORARY VIEW origin_1h AS
SELECT
  payload.origin                                            AS origin,
  CAST(window_start AS TIMESTAMP_LTZ(6))                    AS window_start,
  CAST(window_end AS TIMESTAMP_LTZ(6))                      AS window_end,
  COUNT(*)                                                  AS event_count,
  COUNT(*)                                                  AS departures,
  AVG(CAST(payload.delay AS DOUBLE))                        AS mean_delay,
  MAX(CAST(payload.delay AS DOUBLE))                        AS max_delay,
  STDDEV_POP(CAST(payload.delay AS DOUBLE))                 AS delay_std,
  AVG(CASE WHEN payload.late IS NULL THEN CAST(NULL AS DOUBLE)
           WHEN payload.late THEN 1.0 ELSE 0.0 END)         AS late_rate,
  SUM(CAST(payload.distance AS DOUBLE))                     AS total_distance,
  hll_distinct_count(payload.destination)                   AS destinations,
  last_by_time(payload.destination, ts)                     AS last_destination,
  'sql-1'                                                   AS view_version
FROM TABLE(TUMBLE(TABLE flights_events, DESCRIPTOR(ts), INTERVAL '1' HOUR))
WHERE payload.origin IS NOT NULL
GROUP BY payload.origin, window_start, window_end;

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO online_origin_1h SELECT * FROM origin_1h;
  INSERT INTO tributary.features.origin_1h SELECT * FROM origin_1h;
  INSERT INTO changelog_origin_1h SELECT origin, CAST(window_start AS TIMESTAMP_LTZ(3)), CAST(window_end AS TIMESTAMP_LTZ(3)), event_count, departures, mean_delay, max_delay, delay_std, late_rate, total_distance, destinations, last_destination, view_version FROM origin_1h;
END;
