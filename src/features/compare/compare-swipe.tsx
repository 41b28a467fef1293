import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import './compare.css';

/** Divider step of an arrow key, and of Shift+arrow / Page keys (fraction of the width). */
const STEP = 0.02;
const BIG_STEP = 0.1;

/**
 * The swipe over the globe in compare mode: a divider the user drags (mouse, pen, touch) or moves
 * with the arrow keys, and a label on each side naming its vintage. The globe itself is split by
 * src/cesium/compare-split.tsx from the same store value. Renders nothing outside compare mode.
 */
export function CompareSwipe() {
  const t = useMessages().twinCompare;
  const compare = useTwinStore(useShallow((s) => s.compare));
  const areaRef = useRef<HTMLDivElement>(null);
  // The pointer (mouse, pen or finger) dragging the divider, if any.
  const dragging = useRef<number | null>(null);
  if (!compare.enabled || compare.left === null || compare.right === null) return null;
  const { setComparePosition } = useTwinStore.getState();
  const moveTo = (clientX: number) => {
    const r = areaRef.current?.getBoundingClientRect();
    if (r && r.width > 0) setComparePosition((clientX - r.left) / r.width);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = e.pointerId;
    try {
      // Keeps the moves coming when the pointer leaves the thin divider.
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser no longer tracks: the moves over the divider still work.
    }
    e.currentTarget.focus();
    moveTo(e.clientX);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current === e.pointerId) moveTo(e.clientX);
  };
  const onPointerEnd = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current === e.pointerId) dragging.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const p = compare.position;
    const step = e.shiftKey ? BIG_STEP : STEP;
    const next: Record<string, number> = {
      ArrowLeft: p - step,
      ArrowDown: p - step,
      ArrowRight: p + step,
      ArrowUp: p + step,
      PageDown: p - BIG_STEP,
      PageUp: p + BIG_STEP,
      Home: 0,
      End: 1,
    };
    const v = next[e.key];
    if (v === undefined) return;
    e.preventDefault();
    setComparePosition(v);
  };
  const percent = Math.round(compare.position * 100);
  return (
    <div className="compare-swipe" ref={areaRef}>
      <span className="compare-swipe__label compare-swipe__label--left">{t.sideLabel(compare.left)}</span>
      <span className="compare-swipe__label compare-swipe__label--right">{t.sideLabel(compare.right)}</span>
      <div
        className="compare-swipe__divider"
        style={{ left: `${compare.position * 100}%` }}
        role="slider"
        tabIndex={0}
        aria-label={t.dividerLabel}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t.dividerValue(compare.left, compare.right, percent)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onKeyDown={onKeyDown}
      >
        <span className="compare-swipe__knob" aria-hidden="true">
          ◀▶
        </span>
      </div>
    </div>
  );
}
