/**
 * What went wrong when the viewer fetched a file it ships with (the territory index, the
 * boundaries), as a reason the interface says in words, never the URL or the status code:
 * - `missing`: the server answered but has no such file (the viewer was not built with it);
 * - `unreachable`: no answer (network, server stopped);
 * - `invalid`: an answer that is not the expected file.
 */
export type FetchProblem = 'missing' | 'unreachable' | 'invalid';

/** An error carrying a {@link FetchProblem}; its message stays for the console. */
export class FetchProblemError extends Error {
  constructor(
    readonly problem: FetchProblem,
    message: string,
  ) {
    super(message);
  }
}

/** The reason of any error thrown while fetching and reading (a TypeError of fetch: unreachable). */
export function fetchProblemOf(e: unknown): FetchProblem {
  if (e instanceof FetchProblemError) return e.problem;
  if (e instanceof TypeError) return 'unreachable';
  return 'invalid';
}

/** Fetches `url`; a non-2xx answer throws `missing`, no answer `unreachable`. */
export async function fetchShipped(url: string, signal?: AbortSignal): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url, signal ? { signal } : {});
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new FetchProblemError('unreachable', `${url}: ${(e as Error).message}`);
  }
  if (!r.ok) throw new FetchProblemError('missing', `${url}: HTTP ${r.status}`);
  return r;
}
