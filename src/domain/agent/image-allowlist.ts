/** The operator's allowlist of workflow images (runner config `engine.allowed_images`). */

/**
 * Whether `image`, as the workflow wrote it after its expressions, matches a pattern: `*`
 * matches any run of characters (slashes, the tag and a digest included), everything else
 * itself, so `*` allows any image, `docker.io/library/*` every official image written that
 * way and `ghcr.io/acme/*` one organisation's. The runner's own default image is never checked.
 */
export function isImageAllowed(patterns: readonly string[], image: string): boolean {
  return patterns.some((pattern) => patternRegExp(pattern).test(image));
}

function patternRegExp(pattern: string): RegExp {
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}
