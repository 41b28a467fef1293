import { useTwinStore } from '../stores/twin-store';
import { MESSAGES, type Messages } from './messages';

/** The dictionary of the current interface language; re-renders when the language changes. */
export function useMessages(): Messages {
  return MESSAGES[useTwinStore((s) => s.locale)];
}
