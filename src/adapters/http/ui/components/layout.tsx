/** The page frame: landmarks (banner, navigation, main, contentinfo), skip link, sign-in state. */
import type { FC, PropsWithChildren } from 'hono/jsx';
import type { SignedIn } from '../../../../domain/sessions/sign-in.js';
import type { Repo } from '../../../../ports/model/forge.js';
import { SCRIPT_ASSET, STYLESHEET_ASSET } from '../assets.js';
import { CsrfField } from './forms.js';

export interface LayoutProps {
  title: string;
  signedIn: SignedIn | null;
}

export const Layout: FC<PropsWithChildren<LayoutProps>> = ({ title, signedIn, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · shithub`}</title>
      <link rel="stylesheet" href={STYLESHEET_ASSET.path} />
      <script src={SCRIPT_ASSET.path} defer />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="site">
        <a class="brand" href="/">
          shithub
        </a>
        <nav aria-label="Site">
          <ul>
            <li>
              <a href="/">Repositories</a>
            </li>
            {signedIn?.user.isAdmin ? (
              <li>
                <a href="/admin/runners">Runners</a>
              </li>
            ) : null}
          </ul>
        </nav>
        <div class="who">
          {signedIn ? (
            <>
              <span>
                Signed in as <strong>{signedIn.user.name}</strong>
              </span>
              <form method="post" action="/logout" class="inline">
                <CsrfField token={signedIn.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            </>
          ) : (
            <a href="/login">Sign in</a>
          )}
        </div>
      </header>
      <main id="main">{children}</main>
      <footer>shithub Actions</footer>
    </body>
  </html>
);

export type RepoTab = 'code' | 'actions' | 'pulls';

/** The repository's name as the page heading, and its tabs. */
export const RepoHeader: FC<PropsWithChildren<{ repo: Repo; tab: RepoTab }>> = ({ repo, tab, children }) => {
  const base = `/${repo.ownerName}/${repo.name}`;
  const tabs: [RepoTab, string, string][] = [
    ['code', base, 'Code'],
    ['actions', `${base}/actions`, 'Actions'],
    ['pulls', `${base}/pulls`, 'Pull requests'],
  ];
  return (
    <header class="repo">
      <h1>
        <span>{repo.ownerName}</span> / <a href={base}>{repo.name}</a>
        {repo.isPrivate ? <span class="muted"> (private)</span> : null}
      </h1>
      {children}
      <nav aria-label="Repository">
        <ul class="tabs">
          {tabs.map(([key, href, label]) => (
            <li>
              <a href={href} aria-current={key === tab ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
};
