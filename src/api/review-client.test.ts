import { describe, expect, it } from 'vitest';
import { queueSearch } from './review-client';

describe('review API client', () => {
  it('writes the queue filters as the API reads them, leaving out the defaults', () => {
    const q = new URLSearchParams(
      queueSearch({
        bbox: [3.1, 50.6, 3.2, 50.7],
        classes: ['vers_bati', 'autre'],
        minConfidence: 0.6,
        statuses: ['pending'],
        sort: 'area',
      }),
    );
    expect(q.get('bbox')).toBe('3.100000,50.600000,3.200000,50.700000');
    expect(q.get('class')).toBe('vers_bati,autre');
    expect(q.get('minConfidence')).toBe('0.6');
    expect(q.get('status')).toBe('pending');
    expect(q.get('sort')).toBe('area');
    expect(q.get('limit')).toBe('100');
    const all = new URLSearchParams(queueSearch({ classes: [], minConfidence: 0, statuses: [] }));
    expect([...all.keys()]).toEqual(['limit']);
  });
});
