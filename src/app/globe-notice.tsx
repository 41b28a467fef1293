import { useMessages } from '../i18n';
import { useTwinStore } from '../stores';

/** Says in words when the 3D rendering stopped (the panel keeps working). */
export function GlobeNotice() {
  const m = useMessages();
  const problem = useTwinStore((s) => s.globeProblem);
  if (!problem) return null;
  return (
    <div className="notice notice--error globe-notice" role="alert">
      {problem.kind === 'render' ? m.renderStopped(problem.detail) : m.globeFailed(problem.detail)}
    </div>
  );
}
