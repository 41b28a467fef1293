import { buildModuleUrl, ImageryLayer, TileMapServiceImageryProvider } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';

/**
 * Natural Earth II, the small world image shipped inside Cesium (/cesiumStatic/Assets), as the
 * bottom imagery layer: the globe is never blank and no request leaves the page's origin.
 */
export function OfflineBaseLayer(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const layer = ImageryLayer.fromProviderAsync(
      TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
    );
    viewer.imageryLayers.add(layer, 0);
    viewer.scene.requestRender();
    return () => {
      if (!viewer.isDestroyed()) viewer.imageryLayers.remove(layer, true);
    };
  }, [viewer]);
  return null;
}
