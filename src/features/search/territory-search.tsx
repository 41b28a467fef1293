import { type KeyboardEvent, useDeferredValue, useId, useMemo, useState } from 'react';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import { searchTerritories, type Territory } from './territory-index';
import { useTerritoryIndex } from './use-territory-index';
import './search.css';

/**
 * Search box for communes and EPCI (name, INSEE code or SIREN), as an ARIA 1.2 combobox: type,
 * move with the arrow keys, Enter (or a click) flies to the territory's extent.
 */
export function TerritorySearch() {
  const m = useMessages();
  const index = useTerritoryIndex();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // The territory flown to, worded when shown (a language switch rewords it).
  const [flying, setFlying] = useState<string | null>(null);
  const deferred = useDeferredValue(query);
  const baseId = useId();
  const listId = `${baseId}-list`;
  const results = useMemo(
    () => (index.status === 'ready' ? searchTerritories(index.territories, deferred) : []),
    [index, deferred],
  );
  const shown = open && results.length > 0;

  const choose = (t: Territory) => {
    setQuery(t.name);
    setOpen(false);
    if (t.bbox) useTwinStore.getState().flyTo(t.bbox, t.name);
    setFlying(t.name);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      const n = results.length;
      if (n > 0) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter') {
      const t = results[active];
      if (shown && t) {
        e.preventDefault();
        choose(t);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const detail = (t: Territory) =>
    t.kind === 'commune' ? m.communeDetail(t.code, t.detail) : m.epciDetail(t.code, t.detail);

  return (
    <div className="search">
      <label htmlFor={`${baseId}-input`} className="search__label">
        {m.searchLabel}
      </label>
      <input
        id={`${baseId}-input`}
        className="search__input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={m.searchPlaceholder}
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown ? `${baseId}-opt-${active}` : undefined}
        disabled={index.status === 'failed'}
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <div id={listId} role="listbox" className="search__list" hidden={!shown} aria-label={m.searchLabel}>
        {results.map((t, i) => (
          <div
            key={`${t.kind}-${t.code}`}
            id={`${baseId}-opt-${i}`}
            role="option"
            // Focus stays in the input (aria-activedescendant); -1 keeps options out of the Tab order.
            tabIndex={-1}
            aria-selected={i === active}
            className={`search__option${i === active ? ' search__option--active' : ''}`}
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(t);
            }}
          >
            <span className="search__name">{t.name}</span>
            <span className="search__detail">
              {m.territoryKind[t.kind]} · {detail(t)}
            </span>
          </div>
        ))}
      </div>
      <p className="search__status" role="status">
        {index.status === 'loading' && query !== '' ? m.searchLoading : null}
        {index.status === 'failed' ? m.searchUnavailable(index.problem) : null}
        {index.status === 'ready' && open && deferred.trim() !== '' && results.length === 0
          ? m.searchNoResult(deferred.trim())
          : null}
        {shown ? m.searchResults(results.length) : null}
        {!open && flying !== null ? m.flyingTo(flying) : null}
      </p>
    </div>
  );
}
