/**
 * The *direct* AdminApi adapter: runs each command against the domain on a database this
 * process opened itself (PostgreSQL, or PGlite while holding the embedded lock).
 */
import { invalid } from '../../../domain/errors.js';
import type { AdminApi, AdminCall, Json } from '../../../ports/admin-api.js';
import type { AdminDeps, AdminHandler } from './admin-deps.js';
import { forgeHandlers } from './forge-handlers.js';
import { jobHandlers } from './job-handlers.js';
import { runnerHandlers } from './runner-handlers.js';
import { triggerHandlers } from './trigger-handlers.js';

export const ADMIN_HANDLERS: Record<string, AdminHandler> = {
  ...runnerHandlers,
  ...jobHandlers,
  ...forgeHandlers,
  ...triggerHandlers,
};

export class DirectAdminApi implements AdminApi {
  constructor(
    private readonly deps: AdminDeps,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async call({ command, input }: AdminCall): Promise<Json> {
    const handler = Object.hasOwn(ADMIN_HANDLERS, command) ? ADMIN_HANDLERS[command] : undefined;
    if (!handler) throw invalid('admin.unknown_command', `unknown admin command '${command}'`);
    return handler(this.deps, input);
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.onClose();
  }
}
