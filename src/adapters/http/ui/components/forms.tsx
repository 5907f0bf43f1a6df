/** Form pieces: every post carries the session's CSRF token. */
import type { FC, PropsWithChildren } from 'hono/jsx';

export const CsrfField: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name="csrf" value={token} />
);

/** A one-button form that posts to `action`. */
export const PostButton: FC<{
  action: string;
  csrf: string;
  label: string;
  danger?: boolean;
  name?: string;
}> = ({ action, csrf, label, danger, name }) => (
  <form method="post" action={action} class="inline">
    <CsrfField token={csrf} />
    <button type="submit" class={danger ? 'danger' : undefined} data-action={name ?? label}>
      {label}
    </button>
  </form>
);

/** A posting form with fields (children) before its button. */
export const PostForm: FC<
  PropsWithChildren<{ action: string; csrf: string; label: string; danger?: boolean }>
> = ({ action, csrf, label, danger, children }) => (
  <form method="post" action={action}>
    <CsrfField token={csrf} />
    {children}
    <button type="submit" class={danger ? 'danger' : undefined}>
      {label}
    </button>
  </form>
);
