/** What the dispatch, fork and pull request routes need. */
import type { PullRequestDeps } from '../../../domain/triggers/fire-pull-request.js';
import type { AccessTokenStore } from '../../../ports/access-token-store.js';
import type { Random } from '../../../ports/random.js';

export interface TriggerRouteDeps extends PullRequestDeps {
  accessTokens: AccessTokenStore;
  random: Random;
  /** `https://host` without a trailing slash, for the `url` fields of answers. */
  baseUrl: string;
  logger: { error(fields: Record<string, unknown>, message: string): void };
}
