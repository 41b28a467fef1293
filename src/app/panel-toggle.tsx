import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import { type PanelState, useTwinStore } from '../stores';
import { useLayoutMessages } from './layout-messages';

/** Id of the side panel (`aria-controls` of the buttons that open and close it). */
export const SIDE_PANEL_ID = 'side-panel';

/** Pointer travel (CSS px) under which a press on the sheet's handle is a tap, not a drag. */
const DRAG_SLOP = 6;

/**
 * Desktop and tablet: the button at the map's top-left corner that hides the side panel (the map
 * takes the page) and brings it back. Hidden on phones by the CSS (the sheet has its handle).
 */
export function PanelToggle() {
  const t = useLayoutMessages();
  const panel = useTwinStore((s) => s.panel);
  const open = panel !== 'collapsed';
  return (
    <button
      type="button"
      className="panel-toggle"
      aria-controls={SIDE_PANEL_ID}
      aria-expanded={open}
      title={open ? t.hidePanel : t.showPanel}
      onClick={() => useTwinStore.getState().setPanel(open ? 'collapsed' : 'open')}
    >
      <span aria-hidden="true">{open ? '«' : '»'}</span>
      <span className="visually-hidden">{open ? t.hidePanel : t.showPanel}</span>
    </button>
  );
}

/** The sheet's state whose height is nearest a dragged height (fraction of the screen). */
function snap(fraction: number): PanelState {
  if (fraction < 0.22) return 'collapsed';
  return fraction < 0.65 ? 'open' : 'full';
}

const GROW: Record<PanelState, PanelState> = { collapsed: 'open', open: 'full', full: 'full' };
const SHRINK: Record<PanelState, PanelState> = { collapsed: 'collapsed', open: 'collapsed', full: 'open' };

/**
 * Phone: the handle at the top of the bottom sheet. Drag it (finger, pen, mouse) to size the
 * sheet, or use its buttons: open/collapse, enlarge/shrink; the arrow keys do the same on the
 * handle. Shown only on narrow screens (CSS); the sheet snaps to collapsed, open or full.
 */
export function SheetHandle() {
  const t = useLayoutMessages();
  const panel = useTwinStore((s) => s.panel);
  const drag = useRef<{ id: number } | null>(null);
  // A drag ends with a click on the button under the finger: that click is not a tap.
  const swallowClick = useRef(false);
  const set = (p: PanelState) => useTwinStore.getState().setPanel(p);

  /** A press on the handle: the moves and the release are followed on the window (they leave it). */
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const sheet = e.currentTarget.closest<HTMLElement>('.app__panel');
    const app = e.currentTarget.closest<HTMLElement>('.app');
    if (!sheet || !app || drag.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const d = { id: e.pointerId, startY: e.clientY, startHeight: sheet.offsetHeight, moved: false };
    drag.current = d;
    const heightAt = (clientY: number) =>
      Math.max(0, Math.min(window.innerHeight * 0.92, d.startHeight + d.startY - clientY));
    const move = (ev: globalThis.PointerEvent) => {
      if (ev.pointerId !== d.id) return;
      if (!d.moved && Math.abs(d.startY - ev.clientY) < DRAG_SLOP) return;
      d.moved = true;
      app.classList.add('app--sheet-dragging');
      app.style.setProperty('--sheet-height', `${Math.round(heightAt(ev.clientY))}px`);
    };
    const end = (ev: globalThis.PointerEvent) => {
      if (ev.pointerId !== d.id) return;
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      drag.current = null;
      if (!d.moved) return;
      app.classList.remove('app--sheet-dragging');
      app.style.removeProperty('--sheet-height');
      swallowClick.current = ev.type === 'pointerup';
      // The click that ends a drag (if any) comes right after; a later tap is a tap.
      setTimeout(() => {
        swallowClick.current = false;
      }, 0);
      set(snap(heightAt(ev.clientY) / window.innerHeight));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = e.key === 'ArrowUp' ? GROW[panel] : e.key === 'ArrowDown' ? SHRINK[panel] : null;
    if (!next) return;
    e.preventDefault();
    set(next);
  };
  const tap = (p: PanelState) => () => {
    if (swallowClick.current) {
      swallowClick.current = false;
      return;
    }
    set(p);
  };
  const open = panel !== 'collapsed';
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drag surface; its buttons are the accessible controls, the arrows a shortcut
    <div className="sheet-handle" title={t.sheetHint} onPointerDown={onPointerDown} onKeyDown={onKeyDown}>
      <span className="sheet-handle__grip" aria-hidden="true" />
      <button
        type="button"
        className="button sheet-handle__toggle"
        aria-controls={SIDE_PANEL_ID}
        aria-expanded={open}
        onClick={tap(open ? 'collapsed' : 'open')}
      >
        {open ? t.sheetClose : t.sheetOpen}
      </button>
      {open ? (
        <button
          type="button"
          className="button sheet-handle__size"
          aria-controls={SIDE_PANEL_ID}
          onClick={tap(panel === 'full' ? 'open' : 'full')}
        >
          {panel === 'full' ? t.sheetShrink : t.sheetGrow}
        </button>
      ) : null}
    </div>
  );
}
