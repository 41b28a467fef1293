import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useMessages } from '../i18n';

/** Puts Cesium's toolbar buttons' tooltips (their accessible names) in the interface language. */
export function WidgetLabels(): null {
  const { viewer } = useCesium();
  const m = useMessages();
  useEffect(() => {
    if (!viewer) return;
    if (viewer.homeButton) viewer.homeButton.viewModel.tooltip = m.homeButtonTitle;
    if (viewer.navigationHelpButton) viewer.navigationHelpButton.viewModel.tooltip = m.navigationHelpTitle;
  }, [viewer, m]);
  return null;
}
