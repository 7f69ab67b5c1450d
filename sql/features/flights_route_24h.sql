-- Feature view route_24h: flights per route (origin, destination) over the last 24 hours, refreshed hourly
-- (a hopping window: 24 h long, sliding by 1 h).
-- Run:   ./tributary sql sql/features/flights_route_24h.sql   (same source and stores as flights_origin_1h.sql)

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '10s';
SET 'pipeline.name' = 'tributary-features route_24h (sql)';

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
  'properties.group.id' = 'tributary-sql-features-route_24h',
  'properties.isolation.level' = 'read_committed',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  -- a row that does not match the columns goes to the dead-letter topic with the reason instead of failing the job
  'format' = 'tributary-json'
);

-- Offline store: Iceberg.
CREATE CATALOG tributary WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop', 'warehouse' = '${iceberg.warehouse}');
CREATE DATABASE IF NOT EXISTS tributary.features;
CREATE TABLE IF NOT EXISTS tributary.features.route_24h (
  origin            STRING NOT NULL,
  destination       STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(6) NOT NULL,
  window_end        TIMESTAMP_LTZ(6) NOT NULL,
  event_count       BIGINT NOT NULL,
  flights           BIGINT,
  late_rate         DOUBLE,
  mean_delay        DOUBLE,
  distance          DOUBLE,
  view_version      STRING NOT NULL
);

-- Online store: Redis hash tributary:route_24h:<origin>|<destination>.
CREATE TEMPORARY TABLE online_route_24h (
  origin            STRING NOT NULL,
  destination       STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(6) NOT NULL,
  window_end        TIMESTAMP_LTZ(6) NOT NULL,
  event_count       BIGINT NOT NULL,
  flights           BIGINT,
  late_rate         DOUBLE,
  mean_delay        DOUBLE,
  distance          DOUBLE,
  view_version      STRING NOT NULL,
  PRIMARY KEY (origin, destination) NOT ENFORCED
) WITH ('connector' = 'redis', 'uri' = '${redis.uri}', 'view' = 'route_24h',
  'registry.bootstrap-servers' = '${kafka.bootstrap.servers}',
  'description' = 'flights per route over the last 24 h, hourly',
  'owner' = 'flights', 'ttl' = '25 h');

-- Changelog: the same rows on Kafka topic features.route_24h (key: the entity keys as JSON), read by streaming training
-- sets as a versioned table (README, Point-in-time training sets).
CREATE TEMPORARY TABLE changelog_route_24h (
  origin            STRING NOT NULL,
  destination       STRING NOT NULL,
  window_start      TIMESTAMP_LTZ(3) NOT NULL,
  window_end        TIMESTAMP_LTZ(3) NOT NULL,
  event_count       BIGINT NOT NULL,
  flights           BIGINT,
  late_rate         DOUBLE,
  mean_delay        DOUBLE,
  distance          DOUBLE,
  view_version      STRING NOT NULL,
  PRIMARY KEY (origin, destination) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'features.route_24h',
  'properties.bootstrap.servers' = '${kafka.bootstrap.servers}',
  'key.format' = 'json',
  'value.format' = 'json'
);

CREATE TEMPORARY VIEW route_24h AS
SELECT
  payload.origin                                            AS origin,
  payload.destination                                       AS destination,
  CAST(window_start AS TIMESTAMP_LTZ(6))                    AS window_start,
  CAST(window_end AS TIMESTAMP_LTZ(6))                      AS window_end,
  COUNT(*)                                                  AS event_count,
  COUNT(*)                                                  AS flights,
  AVG(CASE WHEN payload.late IS NULL THEN CAST(NULL AS DOUBLE)
           WHEN payload.late THEN 1.0 ELSE 0.0 END)         AS late_rate,
  AVG(CAST(payload.delay AS DOUBLE))                        AS mean_delay,
  MAX(CAST(payload.distance AS DOUBLE))                     AS distance,
  'sql-1'                                                   AS view_version
FROM TABLE(HOP(TABLE flights_events, DESCRIPTOR(ts), INTERVAL '1' HOUR, INTERVAL '24' HOUR))
WHERE payload.origin IS NOT NULL AND payload.destination IS NOT NULL
GROUP BY payload.origin, payload.destination, window_start, window_end;

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO online_route_24h SELECT * FROM route_24h;
  INSERT INTO tributary.features.route_24h SELECT * FROM route_24h;
  INSERT INTO changelog_route_24h SELECT origin, destination, CAST(window_start AS TIMESTAMP_LTZ(3)), CAST(window_end AS TIMESTAMP_LTZ(3)), event_count, flights, late_rate, mean_delay, distance, view_version FROM route_24h;
END;
