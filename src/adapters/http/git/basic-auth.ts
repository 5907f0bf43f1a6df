/** HTTP Basic credentials as git sends them; the password is the credential, the name is ignored. */

/** The password of a `Basic` Authorization header; null when absent or not Basic. */
export function basicPassword(header: string | undefined): string | null {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/** What a 401 carries so git (and browsers) ask for credentials. */
export const BASIC_CHALLENGE = 'Basic realm="shithub"';
