/**
 * The input roots of the console: the folders an administrator lets technicians tile from
 * (`--console-root name=dir`). An input is a root's name and a path relative to it; it is resolved,
 * symbolic links included, and refused when it leaves the root (no "..", no absolute path, no link
 * out). Also lists the folders of dalles under the roots for the page's input picker.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ConsoleInput } from '../../format/console-api';

/** A configured root. */
export interface InputRoot {
  name: string;
  dir: string;
}

/** A refused input, with the reason in words (answered as 400). */
export class InputError extends Error {
  override name = 'InputError';
}

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * The absolute path of an input, checked.
 * @throws InputError naming the input and why it is refused.
 */
export function resolveInput(roots: readonly InputRoot[], input: ConsoleInput): string {
  const root = roots.find((r) => r.name === input.root);
  if (!root)
    throw new InputError(
      `input root "${input.root}" is not configured; choose one of: ${roots.map((r) => r.name).join(', ') || '(none: start the server with --console-root name=dir)'}`,
    );
  const p = input.path.replace(/\\/g, '/');
  if (isAbsolute(p) || /^[a-zA-Z]:/.test(p))
    throw new InputError(`input "${input.path}" must be relative to the root "${root.name}", not absolute`);
  if (p.split('/').some((part) => part === '..'))
    throw new InputError(`input "${input.path}" leaves the root "${root.name}" (".." is not allowed)`);
  if (p.includes('\0')) throw new InputError(`input "${input.path}" holds a NUL character`);
  const rootReal = realpathSync(root.dir);
  const abs = resolve(rootReal, p);
  if (!existsSync(abs))
    throw new InputError(`input "${input.path}" does not exist under the root "${root.name}"`);
  const real = realpathSync(abs);
  if (!isInside(rootReal, real))
    throw new InputError(`input "${input.path}" leads outside the root "${root.name}" (a symbolic link)`);
  return real;
}

const DALLE = /\.(tiff?|jp2)$/i;

/** Folders holding dalles under each root (three levels deep at most), as inputs the page offers. */
export function listInputs(roots: readonly InputRoot[]): { root: string; path: string; dalles: number }[] {
  const out: { root: string; path: string; dalles: number }[] = [];
  for (const root of roots) {
    if (!existsSync(root.dir)) continue;
    const walk = (dir: string, depth: number) => {
      let entries: string[];
      try {
        entries = readdirSync(dir).sort();
      } catch {
        return;
      }
      const dalles = entries.filter((e) => DALLE.test(e)).length;
      if (dalles > 0)
        out.push({ root: root.name, path: relative(root.dir, dir).split(sep).join('/'), dalles });
      if (depth >= 3) return;
      for (const e of entries) {
        if (e.startsWith('.')) continue;
        const p = join(dir, e);
        try {
          if (statSync(p).isDirectory()) walk(p, depth + 1);
        } catch {
          // unreadable: not offered
        }
      }
    };
    walk(root.dir, 0);
  }
  return out;
}
