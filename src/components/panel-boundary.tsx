import type { ReactNode } from 'react';
import { type Messages, useMessages } from '../i18n';
import { ErrorBoundary } from './error-boundary';

/** Props of {@link PanelBoundary}. */
export interface PanelBoundaryProps {
  readonly children: ReactNode;
  /** The sentence for the failure; defaults to "this panel ran into an error: …". */
  readonly message?: (m: Messages, detail: string) => string;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** An {@link ErrorBoundary} whose fallback says what failed, in words, with a retry button. */
export function PanelBoundary({ children, message }: PanelBoundaryProps) {
  const m = useMessages();
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <div className="notice notice--error" role="alert">
          <p>{(message ?? ((mm, d) => mm.panelCrashed(d)))(m, errorText(error))}</p>
          <button type="button" className="button" onClick={reset}>
            {m.retry}
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
