/** The object store, log archive and retention stores admin commands (and `serve`) use. */
import type { RetentionPolicy } from '../../../domain/retention/cutoffs.js';
import type { ClusterLock } from '../../../ports/cluster-lock.js';
import type { JobCallStore } from '../../../ports/job-call-store.js';
import type { ObjectStore } from '../../../ports/object-store.js';
import type { RetentionStore } from '../../../ports/retention-store.js';
import type { StepLogArchive } from '../../../ports/step-log-archive.js';

export interface StorageAdminDeps {
  objects: ObjectStore;
  stepLogs: StepLogArchive;
  retention: RetentionStore;
  /** Serialises the retention sweep and log finalisation across replicas. */
  locks: ClusterLock;
  /** Carries and mask snapshots: a log finalisation flushes a step's carry. */
  jobCalls: JobCallStore;
  /** The `retention.*` thresholds. */
  retentionPolicy: RetentionPolicy;
}
