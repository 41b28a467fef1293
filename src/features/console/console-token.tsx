/**
 * The technician's token form of the console: kept for the browser tab (sessionStorage), never in
 * the address; actions send it, reading needs none.
 */
import { useState } from 'react';
import { useMessages } from '../../i18n';
import { CONSOLE_TOKEN_KEY, useTwinStore } from '../../stores';

export function ConsoleToken() {
  const m = useMessages().console;
  const token = useTwinStore((s) => s.consoleToken);
  const [draft, setDraft] = useState(() => {
    const kept =
      typeof sessionStorage === 'undefined' ? '' : (sessionStorage.getItem(CONSOLE_TOKEN_KEY) ?? '');
    if (kept && !useTwinStore.getState().consoleToken) useTwinStore.getState().setConsoleToken(kept);
    return kept;
  });
  return (
    <form
      className="console__token"
      onSubmit={(e) => {
        e.preventDefault();
        useTwinStore.getState().setConsoleToken(draft.trim());
        sessionStorage.setItem(CONSOLE_TOKEN_KEY, draft.trim());
      }}
    >
      <label>
        {m.tokenLabel}
        <input type="password" value={draft} autoComplete="off" onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" className="button">
        {m.tokenSave}
      </button>
      {!token && <p className="console__hint">{m.tokenHint}</p>}
    </form>
  );
}
