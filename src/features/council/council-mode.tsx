import { type ReactNode, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { localize, useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import './council.css';

/** Opens council mode (full screen, large type, key figures). */
export function CouncilButton() {
  const t = useMessages().twinCompare;
  return (
    <button
      type="button"
      className="council-button"
      onClick={() => useTwinStore.getState().setCouncilMode(true)}
    >
      {t.councilOpen}
    </button>
  );
}

/** Props of {@link CouncilMode}. */
export interface CouncilModeProps {
  /** The key figures, drawn large (the app passes the compare figures in their big form). */
  readonly children?: ReactNode;
}

/**
 * Council mode, for a meeting room: the page goes full screen, the side panel hides, and a band
 * over the globe shows the title and the key figures (place, vintages, big numbers) in large type. Esc (or the
 * big button, or leaving full screen) goes back. Touch friendly: large targets only.
 */
export function CouncilMode({ children }: CouncilModeProps) {
  const t = useMessages().twinCompare;
  const { on, locale, title } = useTwinStore(
    useShallow((s) => ({
      on: s.councilMode,
      locale: s.locale,
      title: s.catalog.status === 'loaded' ? s.catalog.catalog.title : undefined,
    })),
  );
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!on) return;
    const leave = () => useTwinStore.getState().setCouncilMode(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') leave();
    };
    // Full screen is a wish: a browser may refuse it (no user gesture, iframe); the mode still works.
    const root = document.documentElement;
    let entered = false;
    root
      .requestFullscreen?.()
      .then(() => {
        entered = true;
      })
      .catch(() => undefined);
    const onFullscreen = () => {
      if (entered && !document.fullscreenElement) leave();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    closeRef.current?.focus();
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [on]);
  if (!on) return null;
  // The place and the vintages are the figures' own (children), so they always agree.
  return (
    <section className="council" aria-label={t.councilLabel} data-testid="council">
      <div className="council__head">
        <h2 className="council__title">{title ? localize(title, locale) : t.councilLabel}</h2>
        <button
          ref={closeRef}
          type="button"
          className="council__close"
          onClick={() => useTwinStore.getState().setCouncilMode(false)}
        >
          {t.councilClose}
        </button>
      </div>
      <div className="council__body">{children}</div>
    </section>
  );
}
