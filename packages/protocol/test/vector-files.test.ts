/**
 * The vector files themselves: every JSON file is registered, loads unchanged through the
 * JavaScript import, has the documented shape, and stays readable by strict JSON parsers of other
 * languages (no lone surrogates).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { NEGOTIATION_VECTORS, VECTOR_FILES, allVectors } from '@parley/protocol/vectors';
import { NegotiationShape, VectorShape } from './support/vector-support.js';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));
const fileNames = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length));
const raw = (name: string): unknown => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8'));
const loneSurrogate = /\p{Cs}/u;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      strings(inner, out);
    }
  }
  return out;
}

describe('vector files', () => {
  it('registers every JSON file in vectors/ (negotiation.json separately)', () => {
    expect([...Object.keys(VECTOR_FILES), 'negotiation'].sort()).toEqual([...fileNames].sort());
  });

  it.each(fileNames)('%s.json loads through the import exactly as JSON.parse reads it', (name) => {
    const imported = name === 'negotiation' ? NEGOTIATION_VECTORS : VECTOR_FILES[name];
    // node's comparison: vitest's toStrictEqual misreads own "constructor" keys as class checks.
    expect(isDeepStrictEqual(imported, raw(name))).toBe(true);
  });

  it.each(fileNames)('%s.json holds no lone surrogates and no "__proto__" keys', (name) => {
    const file = raw(name);
    expect(strings(file).filter((s) => loneSurrogate.test(s))).toEqual([]);
    expect(JSON.stringify(file)).not.toContain('"__proto__":');
  });

  it('every frame vector has the documented shape', () => {
    for (const vec of allVectors()) {
      const result = v.safeParse(VectorShape, vec);
      expect(result.issues?.map((issue) => issue.message) ?? [], vec.name).toEqual([]);
      if (vec.role === 'client') expect(vec.layer, `${vec.name}: client-role vectors are decode vectors`).toBe('decode');
      if (vec.frame === 'binary' || vec.frame === 'hex') {
        expect(vec.layer, `${vec.name}: non-text frames need a live server`).toBe('server');
        expect('close' in vec.expect, `${vec.name}: non-text frames end in a close`).toBe(true);
      }
      if (vec.frame === 'hex') expect(vec.send).toMatch(/^(?:[0-9a-f]{2})+$/);
    }
  });

  it('every negotiation vector has the documented shape', () => {
    for (const vec of NEGOTIATION_VECTORS.vectors) {
      expect(v.safeParse(NegotiationShape, vec).issues?.map((issue) => issue.message) ?? [], vec.name).toEqual([]);
    }
  });

  it('names are unique across all files', () => {
    const names = [...allVectors(), ...NEGOTIATION_VECTORS.vectors].map((vec) => vec.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('every file describes itself and holds vectors', () => {
    for (const file of Object.values(VECTOR_FILES)) {
      expect(file.description.length).toBeGreaterThan(20);
      expect(file.vectors.length).toBeGreaterThan(0);
    }
  });
});
