/** Tributary Training jobs: continuous training, validation gate, model publication. */
package io.tributary.training;
