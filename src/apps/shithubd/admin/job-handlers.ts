/** Admin handlers for the job side of `admin runner …` (queue, jobs, recover-stale-jobs). */
import type { AdminHandler } from './admin-deps.js';

export const jobHandlers: Record<string, AdminHandler> = {};
