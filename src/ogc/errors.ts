/** What went wrong talking to an OGC service; `message` names the document and where it came from. */
export type OgcErrorCode =
  | 'http'
  | 'network'
  | 'invalidXml'
  | 'exceptionReport'
  | 'notCapabilities'
  | 'unknownLayer'
  | 'noWebMercator'
  | 'invalidGeoJson'
  | 'tooManyFeatures';

/** An error of the OGC clients, with a stable code for callers and a message in words. */
export class OgcError extends Error {
  readonly code: OgcErrorCode;
  constructor(code: OgcErrorCode, message: string) {
    super(message);
    this.name = 'OgcError';
    this.code = code;
  }
}
