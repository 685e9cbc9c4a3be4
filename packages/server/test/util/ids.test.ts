import { describe, expect, it } from 'vitest';
import { newConnectionId, newSessionId, randomText } from '../../src/util/ids.js';

describe('ids', () => {
  it('randomText gives base64url text of the asked size, never the same bytes twice across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const text = randomText(12); // 2000 × 12 bytes: several refills of the 4 KiB pool
      expect(text).toMatch(/^[A-Za-z0-9_-]{16}$/);
      seen.add(text);
    }
    expect(seen.size).toBe(2000);
    expect(randomText(6)).toHaveLength(8);
    expect(randomText(5000)).toHaveLength(Math.ceil((5000 * 4) / 3));
  });

  it('connection ids are c + 16 base64url characters; session ids are UUIDs', () => {
    expect(newConnectionId()).toMatch(/^c[A-Za-z0-9_-]{16}$/);
    expect(newConnectionId()).not.toBe(newConnectionId());
    expect(newSessionId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
