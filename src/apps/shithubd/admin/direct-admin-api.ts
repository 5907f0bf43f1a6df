/**
 * The *direct* AdminApi adapter: runs each command against the domain on a database this
 * process opened itself (PostgreSQL, or PGlite while holding the embedded lock).
 */
import { invalid } from '../../../domain/errors.js';
import {
  ADMIN_COMMANDS,
  type AdminCommandName,
  type AdminInput,
  type AdminResult,
  isAdminCommandName,
  parseAdminInput,
  type ShithubAdminApi,
} from './admin-commands.js';
import type { AdminDeps } from './admin-deps.js';

export class DirectAdminApi implements ShithubAdminApi {
  constructor(
    private readonly deps: AdminDeps,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  /** Parses the input with the command's schema (the types cannot check flag text), then runs it. */
  async call<K extends AdminCommandName>(name: K, input: AdminInput<K>): Promise<AdminResult<K>> {
    if (!isAdminCommandName(name)) throw invalid('admin.unknown_command', `unknown admin command '${name}'`);
    return ADMIN_COMMANDS[name].handle(this.deps, parseAdminInput(name, input));
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.onClose();
  }
}
