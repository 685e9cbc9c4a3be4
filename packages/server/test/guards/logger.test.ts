import { describe, expect, it } from 'vitest';

import { redactUrlFields, redactingLogger } from '../../src/guards/logger.js';
import { silentLogger, type Logger } from '../../src/util/logger.js';

interface Entry {
  level: string;
  args: unknown[];
  bindings: object[];
}

type PinoLike = Logger & { child(bindings: object): PinoLike };

/** An in-memory logger with pino's shape (records, bindings through child). */
function memoryLogger(records: Entry[], bindings: object[] = []): PinoLike {
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      records.push({ level, args, bindings });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => memoryLogger(records, [...bindings, b]) };
}

describe('redactUrlFields', () => {
  it('redacts url fields at any depth up to 4 and leaves the input untouched', () => {
    const original = { url: '/ws?token=abc&room=1', req: { url: '/ws?access_token=xyz', method: 'GET' }, n: 1 };
    expect(redactUrlFields(original)).toEqual({
      url: '/ws?token=[REDACTED]&room=1',
      req: { url: '/ws?access_token=[REDACTED]', method: 'GET' },
      n: 1,
    });
    expect(original.url).toBe('/ws?token=abc&room=1');
  });

  it('returns objects without urls as the same reference', () => {
    const obj = { err: new Error('boom'), connectionId: 'c1' };
    expect(redactUrlFields(obj)).toBe(obj);
    expect(redactUrlFields('a message')).toBe('a message');
  });
});

describe('redactingLogger', () => {
  it('redacts every record and passes the message through', () => {
    const records: Entry[] = [];
    const log = redactingLogger(memoryLogger(records));
    log.info({ url: '/ws?token=abc' }, 'upgrade');
    log.warn('just a message');
    expect(records).toEqual([
      { level: 'info', args: [{ url: '/ws?token=[REDACTED]' }, 'upgrade'], bindings: [] },
      { level: 'warn', args: ['just a message'], bindings: [] },
    ]);
  });

  it('wraps child loggers (pino) and redacts their bindings, with custom names', () => {
    const records: Entry[] = [];
    const log = redactingLogger(memoryLogger(records), ['ticket']) as PinoLike;
    expect(typeof log.child).toBe('function');
    log.child({ url: '/ws?ticket=secret' }).error({ href: 'https://h.example/ws?ticket=s2' });
    expect(records[0]).toEqual({
      level: 'error',
      args: [{ href: 'https://h.example/ws?ticket=[REDACTED]' }],
      bindings: [{ url: '/ws?ticket=[REDACTED]' }],
    });
  });

  it('has no child when the logger has none', () => {
    const plain: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    expect('child' in redactingLogger(plain)).toBe(false);
  });

  it('keeps a throwing logger from breaking the caller', () => {
    const throwing: Logger = {
      debug: () => {
        throw new Error('disk full');
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    expect(() => redactingLogger(throwing).debug({ a: 1 })).not.toThrow();
  });

  it('leaves the silent default as it is', () => {
    expect(redactingLogger(silentLogger)).toBe(silentLogger);
  });
});
