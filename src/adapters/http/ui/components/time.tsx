/** Times: exact UTC in the markup, "3 minutes ago" once the script runs. */
import type { FC } from 'hono/jsx';
import { formatUtc } from '../format.js';

export const Time: FC<{ at: Date | null }> = ({ at }) =>
  at ? (
    <time datetime={at.toISOString()} data-relative="">
      {formatUtc(at)}
    </time>
  ) : (
    <span class="muted">—</span>
  );
