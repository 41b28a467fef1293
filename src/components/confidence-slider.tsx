/**
 * The minimum-confidence slider of the change detections (the changes layer's filter, the review
 * queue's filter): 0 to 100 % by steps of 5, the value a fraction 0..1. The caller gives the label
 * (`htmlFor` its `id`) and shows the value in its own words.
 */
export interface ConfidenceSliderProps {
  readonly id: string;
  /** Minimum confidence, 0..1. */
  readonly value: number;
  readonly onChange: (minConfidence: number) => void;
  /** What a screen reader says for the value ("50 %"). */
  readonly valueText?: string;
}

export function ConfidenceSlider({ id, value, onChange, valueText }: ConfidenceSliderProps) {
  return (
    <input
      id={id}
      type="range"
      min={0}
      max={100}
      step={5}
      value={Math.round(value * 100)}
      aria-valuetext={valueText}
      onChange={(e) => onChange(Number(e.currentTarget.value) / 100)}
    />
  );
}
