import { describe, expect, it } from 'vitest';
import { escapeHtml } from './credit';

describe('escapeHtml', () => {
  it('turns markup into inert text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe(
      '&#60;img src=x onerror=&#34;alert(1)&#34;&#62;',
    );
    expect(escapeHtml('Géo2France & IGN')).toBe('Géo2France &#38; IGN');
    expect(escapeHtml("l'IGN")).toBe('l&#39;IGN');
  });
});
