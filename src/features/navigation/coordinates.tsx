import { useEffect, useRef } from 'react';
import { wgs84ToLambert93 } from '../../../format/crs';
import { useMessages } from '../../i18n';
import { type GroundPoint, useTwinStore } from '../../stores';
import './navigation.css';

/**
 * The point under the cursor in WGS 84 and Lambert-93. It changes at mouse speed, so it is
 * written into the DOM from a store subscription, without re-rendering React.
 */
export function Coordinates() {
  const m = useMessages();
  const wgsRef = useRef<HTMLSpanElement>(null);
  const l93Ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const show = (p: GroundPoint | null) => {
      const wgs = wgsRef.current;
      const l93 = l93Ref.current;
      if (!wgs || !l93) return;
      if (!p) {
        wgs.textContent = m.coordinatesNone;
        l93.textContent = '';
        return;
      }
      wgs.textContent = m.wgs84(m.formatDegrees(p.lat), m.formatDegrees(p.lon));
      const [x, y] = wgs84ToLambert93(p.lon, p.lat);
      l93.textContent = m.lambert93(m.formatMetres(x), m.formatMetres(y));
    };
    show(useTwinStore.getState().cursor);
    return useTwinStore.subscribe((s, prev) => {
      if (s.cursor !== prev.cursor) show(s.cursor);
    });
  }, [m]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a labelled readout, not an output of a form
    <div className="coordinates" role="group" aria-label={m.coordinatesLabel}>
      <span ref={wgsRef} className="coordinates__wgs84" data-testid="coordinates-wgs84" />
      <span ref={l93Ref} className="coordinates__l93" data-testid="coordinates-lambert93" />
    </div>
  );
}
