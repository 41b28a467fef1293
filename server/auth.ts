/**
 * Reviewers are identified by configured tokens: `Authorization: Bearer <token>` gives write
 * access as that reviewer; reading needs no token. Tokens are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A configuration problem: says which file or variable and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Reviewer {
  name: string;
  token: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Finds the reviewer of a token, or null. */
export function createTokenCheck(reviewers: readonly Reviewer[]): (token: string) => string | null {
  const table = reviewers.map((r) => ({ name: r.name, hash: digest(r.token) }));
  return (token) => {
    const h = digest(token);
    let found: string | null = null;
    for (const r of table) if (timingSafeEqual(h, r.hash)) found = r.name;
    return found;
  };
}

/**
 * Parses `name=token,name=token` (the REVIEW_TOKENS variable).
 * @throws ConfigError naming the bad entry.
 */
export function parseTokenList(text: string, where: string): Reviewer[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const eq = entry.indexOf('=');
      const name = entry.slice(0, eq).trim();
      const token = entry.slice(eq + 1).trim();
      if (eq <= 0 || !name || token.length < 8) {
        throw new ConfigError(
          `${where}: "${entry.replace(/=.*/, '=…')}" must be name=token, with a token of 8 characters or more`,
        );
      }
      return { name, token };
    });
}

/**
 * Reads a tokens file: JSON `[{"name": "alice", "token": "..."}]`.
 * @throws ConfigError naming the file and the problem.
 */
export function readTokenFile(path: string): Reviewer[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`tokens file ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(data))
    throw new ConfigError(`tokens file ${path}: expected a JSON array of {"name", "token"}`);
  return data.map((r: { name?: unknown; token?: unknown }, k) => {
    if (typeof r?.name !== 'string' || !r.name || typeof r.token !== 'string' || r.token.length < 8) {
      throw new ConfigError(
        `tokens file ${path}, entry ${k + 1}: expected {"name": "...", "token": "8+ characters"}`,
      );
    }
    return { name: r.name, token: r.token };
  });
}
