/** The review panel's token form: the reviewer's token, asked once, kept for the tab. */
import { useId } from 'react';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';

/** The reviewer's token: asked once, kept in sessionStorage (never in the address). */
export function TokenForm({ inputRef }: { readonly inputRef: React.RefObject<HTMLInputElement | null> }) {
  const m = useMessages().review;
  const token = useTwinStore((s) => s.reviewToken);
  const setToken = useTwinStore((s) => s.setReviewToken);
  const id = useId();
  if (token) {
    return (
      <p className="review__token">
        {m.tokenKept}{' '}
        <button type="button" className="review__link" onClick={() => setToken(null)}>
          {m.tokenForget}
        </button>
      </p>
    );
  }
  return (
    <form
      className="review__token"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(inputRef.current?.value ?? null);
      }}
    >
      <label htmlFor={id}>{m.tokenLabel}</label>
      <input id={id} ref={inputRef} type="password" autoComplete="off" spellCheck={false} />
      <button type="submit" className="button">
        {m.tokenSave}
      </button>
    </form>
  );
}
