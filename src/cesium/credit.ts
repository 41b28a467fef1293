import { Credit } from 'cesium';

/** Escapes text for an HTML context: Cesium renders a Credit's string as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A Cesium credit showing `text` literally. Catalog attributions are data, never markup:
 * without escaping, `<img onerror=…>` in a catalog would run in the page.
 */
export function textCredit(text: string): Credit {
  return new Credit(escapeHtml(text), false);
}
