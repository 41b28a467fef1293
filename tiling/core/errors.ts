/**
 * Errors of the tiling module.
 *
 * `DataError` is bad input (a corrupt dalle, a missing CRS, a bad flag): the CLI prints its
 * message without a stack and exits non-zero. Any other error is a bug or wrong API use.
 */
export class DataError extends Error {
  override name = 'DataError';
  /** Every problem found, when several were collected before failing (validation lists them all). */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = []) {
    super(problems.length > 0 ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.problems = problems;
  }
}

/** True when `e` is bad input that should be reported to the user in words, not as a crash. */
export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError;
}
