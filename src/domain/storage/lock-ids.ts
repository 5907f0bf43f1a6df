/**
 * The `ClusterLock` ids (PostgreSQL `pg_advisory_lock(bigint)` keys), fixed once: `0x5348`
 * ("SH") in the high half so they do not collide with another application's small ids.
 */

/** Held while the retention sweep runs: one replica sweeps at a time. */
export const RETENTION_SWEEP_LOCK = 0x5348_0001;

/** Held while a replica finalises step logs: one writer per log object at a time. */
export const LOG_FINALISATION_LOCK = 0x5348_0002;
