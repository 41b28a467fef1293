/** A short human-readable description of anything thrown or rejected (Cesium errors included). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  const text = String(e);
  return text === '[object Object]' ? 'erreur inconnue / unknown error' : text;
}
