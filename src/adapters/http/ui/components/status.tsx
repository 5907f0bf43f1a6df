/** Status shown by icon, colour and words together (never by colour alone). */
import type { FC } from 'hono/jsx';
import type { StatusLook, StatusText } from '../format.js';

const PATHS: Record<StatusLook, string> = {
  success: 'M6.2 11.6 2.8 8.2l1.2-1.2 2.2 2.2 5.8-5.8 1.2 1.2z',
  failure: 'M4.3 3.1 8 6.8l3.7-3.7 1.2 1.2L9.2 8l3.7 3.7-1.2 1.2L8 9.2l-3.7 3.7-1.2-1.2L6.8 8 3.1 4.3z',
  pending: 'M8 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8z',
  none: 'M8 2.5a5.5 5.5 0 1 1 0 11 5.5 5.5 0 0 1 0-11zm0 1.6a3.9 3.9 0 1 0 0 7.8 3.9 3.9 0 0 0 0-7.8z',
};

/** The icon alone (decorative: the words beside it carry the meaning). */
export const StatusIcon: FC<{ look: StatusLook }> = ({ look }) => (
  <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="currentColor">
    <path d={PATHS[look]} />
  </svg>
);

/**
 * Icon and words; a link when `href` is given. `data-status` names the look for tests and
 * for scripts.
 */
export const StatusBadge: FC<{ status: StatusText; href?: string; label?: string }> = ({
  status,
  href,
  label,
}) => {
  const words = label ?? status.label;
  if (href) {
    return (
      <a class={`status s-${status.look}`} data-status={status.look} href={href}>
        <StatusIcon look={status.look} />
        <span>{words}</span>
      </a>
    );
  }
  return (
    <span class={`status s-${status.look}`} data-status={status.look}>
      <StatusIcon look={status.look} />
      <span>{words}</span>
    </span>
  );
};
