/** Runner pool entities (SPEC §8.1, §9.2, §14). */

export type RunnerStatus = 'idle' | 'busy' | 'offline';

export interface Runner {
  id: number;
  name: string;
  labels: string[];
  capacity: number;
  status: RunnerStatus;
  lastHeartbeatAt: Date | null;
  registeredByUserId: number | null;
  hostName: string;
  version: string;
  drainingAt: Date | null;
  drainReason: string | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RunnerToken {
  id: number;
  runnerId: number;
  /** SHA-256 of the raw 32 token bytes. */
  tokenHash: Uint8Array;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}
