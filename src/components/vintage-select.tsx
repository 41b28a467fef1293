/**
 * The vintage (millésime) picker every feature uses (vintage control, compare sides, indicators'
 * A and B): a plain `<select>` of years. The caller gives the label (`htmlFor` its `id`) and says
 * what a choice does.
 */
export interface VintageSelectProps {
  readonly id: string;
  readonly vintages: readonly number[];
  /** The year shown; null shows none (no vintage yet). */
  readonly value: number | null;
  readonly onChange: (vintage: number) => void;
  readonly disabled?: boolean;
}

export function VintageSelect({ id, vintages, value, onChange, disabled }: VintageSelectProps) {
  return (
    <select
      id={id}
      value={value === null ? '' : String(value)}
      disabled={disabled}
      onChange={(e) => onChange(Number(e.target.value))}
    >
      {vintages.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}
