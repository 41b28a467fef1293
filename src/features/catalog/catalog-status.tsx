import type { CatalogIssue } from '../../../format/catalog';
import { DEFAULT_CATALOG_URL } from '../../config/load-catalog';
import { type Messages, useMessages } from '../../i18n';
import { type CatalogState, useTwinStore } from '../../stores';

function IssueList({ issues, m }: { readonly issues: readonly CatalogIssue[]; readonly m: Messages }) {
  return (
    <ul className="issues">
      {issues.map((issue, i) => (
        // Issues have no identity of their own; their order is the file's.
        // biome-ignore lint/suspicious/noArrayIndexKey: a static list, rebuilt only on reload
        <li key={i}>{m.issue(issue)}</li>
      ))}
    </ul>
  );
}

function missingText(c: Extract<CatalogState, { status: 'missing' }>, m: Messages): string {
  switch (c.reason) {
    case 'notFound':
      return m.catalogNotFound(c.url, c.url === DEFAULT_CATALOG_URL);
    case 'http':
      return m.catalogHttpError(c.url, c.httpStatus ?? 0);
    case 'network':
      return m.catalogNetworkError(c.url, c.detail ?? '');
    case 'badUrl':
      return m.catalogBadUrl(c.url);
  }
}

/**
 * Says how loading the catalog went, in words: loading, missing, unusable, or which entries are
 * wrong and why. Says nothing when every entry is fine.
 */
export function CatalogStatus() {
  const m = useMessages();
  const catalog = useTwinStore((s) => s.catalog);
  switch (catalog.status) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <p className="notice" role="status">
          {m.catalogLoading(catalog.url)}
        </p>
      );
    case 'missing':
      return (
        <div className="notice notice--warning" role="alert">
          <p>{missingText(catalog, m)}</p>
          <p>{m.globeStillWorks}</p>
        </div>
      );
    case 'invalid':
      return (
        <div className="notice notice--error" role="alert">
          <p>{m.catalogInvalid(catalog.url)}</p>
          <IssueList issues={catalog.issues} m={m} />
          <p>{m.globeStillWorks}</p>
        </div>
      );
    case 'loaded':
      if (catalog.issues.length === 0) return null;
      return (
        <div className="notice notice--error" role="alert">
          <p>{m.catalogIssuesSummary(catalog.issues.length)}</p>
          <IssueList issues={catalog.issues} m={m} />
        </div>
      );
  }
}
