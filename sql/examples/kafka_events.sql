-- Read validated events (written by `./tributary deploy ingest --input raw.demo --output events.demo`) with Flink SQL.
-- Run: ./tributary sql sql/examples/kafka_events.sql
-- The events.* topics hold Tributary's event envelope (README, "Topics and schemas"); the payload is a JSON object.

CREATE TABLE events_demo (
  `key`       STRING,
  source      STRING,
  event_time  STRING,
  payload     MAP<STRING, STRING>
) WITH (
  'connector' = 'kafka',
  'topic' = 'events.demo',
  'properties.bootstrap.servers' = '127.0.0.1:9092',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

SELECT `key`, COUNT(*) AS events, MIN(event_time) AS first_seen, MAX(event_time) AS last_seen
FROM events_demo
GROUP BY `key`;
