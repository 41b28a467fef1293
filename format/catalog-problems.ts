/**
 * What can be wrong in a catalog, as data: the viewer words each problem in the reader's
 * language (src/i18n), so nothing here is a sentence. Mapping from zod issues lives here too,
 * so the rest of the app never sees zod's English messages.
 */
import type { z } from 'zod';

/** The JSON types a field can be expected to have. */
export type ExpectedType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

/** One problem with one field (or with the whole file). */
export type CatalogProblem =
  | { readonly code: 'required' }
  | { readonly code: 'type'; readonly expected: ExpectedType }
  | { readonly code: 'nonEmpty' }
  | { readonly code: 'min'; readonly limit: number }
  | { readonly code: 'max'; readonly limit: number }
  | { readonly code: 'oneOf'; readonly options: readonly string[] }
  | { readonly code: 'idFormat' }
  | { readonly code: 'localizedText' }
  | { readonly code: 'url' }
  | { readonly code: 'template'; readonly missing: readonly string[] }
  | { readonly code: 'templateUnknown'; readonly placeholder: string }
  | { readonly code: 'bbox' }
  | { readonly code: 'zoomOrder'; readonly minZoom: number }
  | { readonly code: 'duplicateId'; readonly firstIndex: number }
  | { readonly code: 'invalidJson'; readonly detail: string }
  | { readonly code: 'other'; readonly detail: string };

/** The value a field had, summarised for display (strings are quoted by the language). */
export type ReceivedValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'json'; readonly text: string };

/** A located problem: which layer entry (if any), which field, what is wrong, what was there. */
export interface CatalogIssue {
  /** 0-based position in `layers`; absent for problems with the catalog itself. */
  readonly layerIndex?: number;
  /** The entry's `id` when it had a string one (even an invalid one), to name it. */
  readonly layerId?: string;
  /** Dotted path from the entry (or from the catalog root), e.g. `source.url`, `home[2]`. */
  readonly path: string;
  readonly problem: CatalogProblem;
  /** The value found at `path`; absent when the field is missing. */
  readonly received?: ReceivedValue;
}

const RECEIVED_MAX_CHARS = 60;

/** Summarises a JSON value for an error message, cut to about 60 characters. */
export function summariseValue(value: unknown): ReceivedValue {
  const cut = (s: string) => (s.length > RECEIVED_MAX_CHARS ? `${s.slice(0, RECEIVED_MAX_CHARS - 1)}…` : s);
  if (typeof value === 'string') return { type: 'string', value: cut(value) };
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return { type: 'json', text: cut(text) };
}

/** Formats a zod-style path as `source.bounds[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Value at `path` inside `root`, and whether it is present at all. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) {
      return { present: false, value: undefined };
    }
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { present: cur !== undefined, value: cur };
}

const EXPECTED: Record<string, ExpectedType> = {
  string: 'string',
  number: 'number',
  int: 'integer',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
  tuple: 'array',
};

/** Checks declared with `custom(...)` carry their problem in `params.problem`. */
function isProblem(v: unknown): v is CatalogProblem {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string';
}

/**
 * Turns one zod issue into a {@link CatalogProblem}. `root` is the object that was parsed, so
 * a field that is absent is reported as missing whatever check tripped on it.
 */
export function zodIssueToProblem(issue: z.core.$ZodIssue, root: unknown): CatalogProblem {
  if (!valueAt(root, issue.path).present) return { code: 'required' };
  switch (issue.code) {
    case 'custom': {
      const p = issue.params?.problem;
      return isProblem(p) ? p : { code: 'other', detail: issue.message };
    }
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected];
      return expected ? { code: 'type', expected } : { code: 'other', detail: issue.message };
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { code: 'nonEmpty' };
      if (issue.origin === 'number') return { code: 'min', limit: Number(issue.minimum) };
      return { code: 'other', detail: issue.message };
    case 'too_big':
      if (issue.origin === 'number') return { code: 'max', limit: Number(issue.maximum) };
      return { code: 'other', detail: issue.message };
    case 'invalid_value':
      return { code: 'oneOf', options: issue.values.map(String) };
    case 'invalid_union':
      if ('options' in issue && issue.options) return { code: 'oneOf', options: issue.options.map(String) };
      return { code: 'other', detail: issue.message };
    default:
      return { code: 'other', detail: issue.message };
  }
}
