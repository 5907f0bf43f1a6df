/** Signing in and out of the web UI: cookies, CSRF on the sign-in form, the rate limit, revocation. */
import { describe, expect, it } from 'vitest';
import { setUserPassword } from '../../../../src/domain/sessions/set-password.js';
import { makeUiWorld, PASSWORD } from './ui-world.js';

const sessionCookie = (lines: string[]) => lines.find((l) => l.startsWith('shithub_session='));

describe('web UI sign-in', () => {
  it('signs in with name and password into an HttpOnly, SameSite=Lax session cookie', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const b = w.browser();
    const form = await b.get('/login');
    expect(form.text).toContain('<label for="password">Password</label>');
    expect(form.setCookies[0]).toMatch(
      /^shithub_sign_in=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const answer = await b.signIn('ada');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/');
    expect(sessionCookie(answer.setCookies)).toMatch(
      /^shithub_session=[A-Za-z0-9_-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect((await b.get('/')).text).toContain('Signed in as <strong>ada</strong>');
  });

  it('marks cookies Secure when the base URL is https', async () => {
    const w = makeUiWorld({ baseUrl: 'https://shithub.example' });
    await w.user('ada');
    const answer = await w.browser().signIn('ada');
    expect(sessionCookie(answer.setCookies)).toMatch(/; Secure; SameSite=Lax$/);
  });

  it('answers a wrong password and an unknown name alike, without a session', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    for (const [name, password] of [
      ['ada', 'wrong password'],
      ['nobody', PASSWORD],
    ]) {
      const answer = await w.browser().signIn(name!, password);
      expect(answer.status).toBe(401);
      expect(answer.text).toContain('Invalid user name or password.');
      expect(sessionCookie(answer.setCookies)).toBeUndefined();
    }
    expect(w.deps.state.tables.sessions.size).toBe(0);
  });

  it('refuses a sign-in post without the form nonce cookie or with another token', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const b = w.browser();
    await b.get('/login');
    const forged = await b.post('/login', { csrf: 'A'.repeat(43), name: 'ada', password: PASSWORD });
    expect(forged.status).toBe(403);
    const c = w.browser();
    const noCookie = await c.post('/login', { csrf: b.csrf, name: 'ada', password: PASSWORD });
    expect(noCookie.status).toBe(403);
    expect(w.deps.state.tables.sessions.size).toBe(0);
  });

  it('limits sign-in attempts per user name, even with the right password, until a minute passes', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    for (let i = 0; i < 10; i++) expect((await w.browser().signIn('ada', 'wrong password')).status).toBe(401);
    const limited = await w.browser().signIn('ada');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.text).toContain('Too many sign-in attempts');
    w.deps.clock.advance(60_000);
    expect((await w.browser().signIn('ada')).status).toBe(303);
  });

  it('signs out: the cookie is cleared and the old session no longer counts', async () => {
    const w = makeUiWorld();
    const b = await w.signedIn('ada');
    const old = b.jar.get('shithub_session')!;
    const out = await b.post('/logout');
    expect(out.status).toBe(303);
    expect(sessionCookie(out.setCookies)).toMatch(
      /^shithub_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/,
    );
    const replay = await w.app.request('/', {
      headers: { cookie: `shithub_session=${old}`, accept: 'text/html' },
    });
    expect(await replay.text()).toContain('href="/login"');
  });

  it('refuses a sign-out without the CSRF token and keeps the session', async () => {
    const w = makeUiWorld();
    const b = await w.signedIn('ada');
    expect((await b.post('/logout', { csrf: '' })).status).toBe(403);
    expect((await b.get('/')).text).toContain('Signed in as');
  });

  it('ends every session of a user whose password an administrator sets', async () => {
    const w = makeUiWorld();
    const b = await w.signedIn('ada');
    await setUserPassword(w.deps, { name: 'ada', password: 'a brand new password' });
    expect((await b.get('/')).text).not.toContain('Signed in as');
    expect((await w.browser().signIn('ada', 'a brand new password')).status).toBe(303);
  });

  it('goes back to a local page after signing in, never to another site', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    for (const [next, to] of [
      ['/ada/demo/actions', '/ada/demo/actions'],
      ['//evil.example/x', '/'],
      ['https://evil.example/', '/'],
      ['/\\evil.example', '/'],
    ]) {
      const b = w.browser();
      await b.get('/login');
      const answer = await b.post('/login', { name: 'ada', password: PASSWORD, next: next! });
      expect(answer.headers.get('location')).toBe(to);
    }
  });

  it('sends a signed-in browser on from the sign-in page, and revokes its session if it signs in again', async () => {
    const w = makeUiWorld();
    await w.user('bob');
    const b = await w.signedIn('ada');
    const again = await b.get('/login?next=/ada');
    expect([again.status, again.headers.get('location')]).toEqual([303, '/ada']);
    // A sign-in form still open in another tab of the same browser.
    const tab = w.browser();
    await tab.get('/login');
    b.jar.set('shithub_sign_in', tab.jar.get('shithub_sign_in')!);
    expect((await b.post('/login', { csrf: tab.csrf, name: 'bob', password: PASSWORD })).status).toBe(303);
    const sessions = [...w.deps.state.tables.sessions.values()];
    expect(sessions.map((s) => s.revokedAt === null)).toEqual([false, true]);
  });
});
