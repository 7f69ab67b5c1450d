/** Tributary Feature pipelines: event-time windowed features into Redis and Iceberg. */
package io.tributary.features;
