/**
 * URLs the viewer takes from a link (the permalink's scenario) are fetched only when they stay on
 * the twin's own origin: a link must not make the viewer fetch from elsewhere. Shared by the
 * permalink (which decodes them) and the scenario loader (which fetches them).
 */

/**
 * A reference resolved against the page; null unless it stays on the page's own origin over
 * http(s).
 */
export function sameOriginUrl(ref: string, base: string): string | null {
  try {
    const u = new URL(ref, base);
    return u.origin === new URL(base).origin && (u.protocol === 'http:' || u.protocol === 'https:')
      ? u.href
      : null;
  } catch {
    return null;
  }
}
