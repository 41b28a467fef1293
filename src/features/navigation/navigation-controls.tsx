import { useMessages } from '../../i18n';
import { type SceneMode, useTwinStore } from '../../stores';
import './navigation.css';

const MODES: readonly SceneMode[] = ['3d', '2d'];

/** Home (the catalog's overview) and the 3D globe / 2D map switch. */
export function NavigationControls() {
  const m = useMessages();
  const sceneMode = useTwinStore((s) => s.sceneMode);
  const setSceneMode = useTwinStore((s) => s.setSceneMode);
  const goHome = useTwinStore((s) => s.goHome);
  return (
    <div className="navigation">
      <button type="button" className="button" onClick={goHome}>
        {m.homeLabel}
      </button>
      {/* biome-ignore lint/a11y/useSemanticElements: a toggle-button group, not a form fieldset */}
      <div className="navigation__modes" role="group" aria-label={m.sceneModeLabel}>
        {MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            className="button navigation__mode"
            aria-pressed={sceneMode === mode}
            onClick={() => setSceneMode(mode)}
          >
            {mode === '3d' ? m.mode3d : m.mode2d}
          </button>
        ))}
      </div>
    </div>
  );
}
