/**
 * The table of hectares by class at two vintages (indicators' surfaces, the key figures' four
 * classes): a row per class with its official colour swatch, A, B and optionally the change.
 * Values come formatted in the reader's language; the caller names the table and its columns.
 */
import type { ReactNode } from 'react';

/** One class: its code, label, swatch colour and the formatted hectares. */
export interface HectareRow {
  readonly code: string;
  readonly label: string;
  readonly colour: string;
  readonly a: ReactNode;
  readonly b: ReactNode;
  /** The change from A to B (shown when the table has a delta column). */
  readonly delta?: ReactNode;
}

export interface HectareTableProps {
  readonly className: string;
  readonly swatchClassName: string;
  /** The table's accessible name. */
  readonly label: string;
  readonly caption?: string;
  readonly testId?: string;
  /** Column headers; no `delta`: no change column. */
  readonly headers: {
    readonly cls: ReactNode;
    readonly a: ReactNode;
    readonly b: ReactNode;
    readonly delta?: ReactNode;
  };
  readonly rows: readonly HectareRow[];
}

export function HectareTable({
  className,
  swatchClassName,
  label,
  caption,
  testId,
  headers,
  rows,
}: HectareTableProps) {
  const withDelta = headers.delta !== undefined;
  return (
    <table className={className} aria-label={label} data-testid={testId}>
      {caption !== undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{headers.cls}</th>
          <th scope="col">{headers.a}</th>
          <th scope="col">{headers.b}</th>
          {withDelta && <th scope="col">{headers.delta}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code}>
            <th scope="row">
              <span className={swatchClassName} style={{ backgroundColor: r.colour }} aria-hidden="true" />
              {r.label}
            </th>
            <td>{r.a}</td>
            <td>{r.b}</td>
            {withDelta && <td>{r.delta}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
