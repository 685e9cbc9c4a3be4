/**
 * docs/protocol.md is normative: every JSON frame in it must decode as its direction says and pass
 * the envelope schemas (deliveries their event's schema too), every reply to an invalid frame must
 * be exactly the decoder's, every publish result must match its delivery, every built-in method needs an example, and the two
 * code tables must equal ERROR_TABLE and CLOSE_TABLE row by row.
 */
 
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame, negotiate, ENVELOPES, ERROR_TABLE, CLOSE_TABLE, Method, ErrorObjectSchema, defineContract, getEvent, getMethod,
  DeliveryParamsSchema, readDelivery, type DecodedItem, type Decoded,
} from '@parley/protocol';
import { allVectors, matchExpected } from '@parley/protocol/vectors';

function checkSpec(): { problems: string[]; frames: number; blocks: number } {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8');
  const text = v.pipe(v.string(), v.minLength(1), v.maxLength(2000));
  // The example contract of section 12 (plus chat.announcement used in 6.1).
  const contract = defineContract({ events: { 'chat.message': v.object({ text }), 'chat.dm': v.object({ text }), 'chat.announcement': v.object({ text }) } });

  const problems: string[] = [];
  const notes: string[] = [];
  let frames = 0;
  const seenMethods = new Set<string>();
  const pending = new Map<string, string>(); // JSON id -> method
  const mustFail = new Map<string, number>(); // JSON id -> code the reply must carry
  const published = new Map<string, string>(); // "stream#seq" -> epoch, from publish results
  const deliveries = new Map<string, string | undefined>(); // "stream#seq" -> epoch (undefined: compact)
  const deliveryForms = new Set<'compact' | 'full'>();
  const fail = (where: string, msg: string) => problems.push(`${where}: ${msg}`);

  // Extract fenced blocks with their info strings and line numbers.
  const blocks: { info: string[]; body: string; line: number }[] = [];
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)```(\S.*)?$/.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length; const info = (m[2] ?? '').trim().split(/\s+/).filter(Boolean);
    const start = i; const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!.slice(indent));
    blocks.push({ info, body: body.join('\n'), line: start + 1 });
  }

  function checkParams(where: string, method: string, params: unknown, from: 'client' | 'server', kind: 'request' | 'notification') {
    seenMethods.add(method);
    if (Object.hasOwn(ENVELOPES, method)) {
      const spec = ENVELOPES[method as keyof typeof ENVELOPES];
      if (spec.from !== from) fail(where, `${method} sent by ${from}, spec says ${spec.from}`);
      if (spec.kind !== kind && !(method === Method.Ping && kind === 'notification')) fail(where, `${method} as ${kind}, spec says ${spec.kind}`);
      const r = v.safeParse(spec.params, params);
      if (!r.success) fail(where, `${method} params invalid: ${r.issues.map((i) => `${i.path?.map((p) => p.key).join('.')}: ${i.message}`).join('; ')}`);
      if (method === Method.Error && r.success && (params as any).code === -32006) {
        const n = negotiate((params as any).data.offered);
        const want = n.ok ? undefined : n.error;
        if (!isDeepStrictEqual(want, params)) fail(where, `rpc.error -32006 differs from negotiate(): ${JSON.stringify(want)}`);
      }
      if (method === Method.Error && r.success) {
        const info = ERROR_TABLE[(params as { code: number }).code as keyof typeof ERROR_TABLE];
        if (info?.local) fail(where, `local code ${(params as { code: number }).code} on the wire`);
      }
      if (from === 'client' && (method === Method.Broadcast || method === Method.Private) && r.success) {
        const p = params as { event: string; data?: unknown };
        const schema = getEvent(contract, p.event);
        if (!schema || !v.safeParse(schema, p.data).success) mustFail.set(currentId, -32602);
      }
    } else if (method.startsWith('rpc.')) fail(where, `unknown built-in ${method}`);
    else if (from === 'server' && kind === 'notification') {
      // A delivery (6.1): named after its event, params in either form.
      const r = v.safeParse(DeliveryParamsSchema, params);
      if (!r.success) fail(where, `delivery params invalid: ${r.issues.map((i) => `${i.path?.map((p) => p.key).join('.')}: ${i.message}`).join('; ')}`);
      const d = readDelivery(params);
      if (!d) return;
      deliveryForms.add(d.epoch === undefined ? 'compact' : 'full');
      if (d.seq === 1 && d.epoch === undefined) fail(where, 'seq 1 delivered in the compact form');
      const schema = getEvent(contract, method);
      if (!schema) fail(where, `delivery of unknown event ${method}`);
      else if (!v.safeParse(schema, d.data).success) fail(where, `delivery data fails ${method}`);
      deliveries.set(`${d.stream}#${d.seq}`, d.epoch);
    }
    else if (!getMethod(contract, method)) mustFail.set(currentId, -32601);
  }

  function checkResponse(where: string, msg: { id: unknown; result?: unknown; error?: unknown }) {
    const key = JSON.stringify(msg.id);
    const method = pending.get(key);
    const must = mustFail.get(key); mustFail.delete(key);
    if (must !== undefined && (msg.error as { code?: number } | undefined)?.code !== must) fail(where, `reply to ${key} must be ${must}`);
    if ((method === 'rpc.broadcast' || method === 'rpc.private') && 'result' in msg) { const p = msg.result as any; published.set(`${p.stream}#${p.seq}`, p.epoch); }
    if ('error' in msg) {
      const e = msg.error as { code: number; data?: any };
      if (!v.safeParse(ErrorObjectSchema, e).success) fail(where, 'error object invalid');
      const info = ERROR_TABLE[e.code as keyof typeof ERROR_TABLE];
      if (!info) fail(where, `error code ${e.code} not in ERROR_TABLE`);
      else if (info.local) fail(where, `local code ${e.code} on the wire`);
      if (e.code === -32602 && !(Array.isArray(e.data?.issues) && e.data.issues.every((i: any) => typeof i.path === 'string' && typeof i.message === 'string'))) fail(where, '-32602 without data.issues');
      if (e.code === -32029 && !Number.isInteger(e.data?.retryAfterMs)) fail(where, '-32029 without integer data.retryAfterMs');
      if (e.code === -32020 && !(typeof e.data?.limit === 'string' && Number.isInteger(e.data?.max))) fail(where, '-32020 without data {limit,max}');
      if (e.code === -32603 && 'data' in e) fail(where, '-32603 with data');
    } else if (method && Object.hasOwn(ENVELOPES, method)) {
      const spec = ENVELOPES[method as keyof typeof ENVELOPES];
      const r = v.safeParse(spec.result!, msg.result);
      if (!r.success) fail(where, `${method} result invalid: ${r.issues.map((i) => `${i.path?.map((p) => p.key).join('.')}: ${i.message}`).join('; ')}`);
    } else if (!method) fail(where, `response id ${key} matches no earlier request`);
    if (msg.id !== null && !pending.has(key)) fail(where, `response id ${key} matches no pending request`);
    pending.delete(key);
  }

  function decoderReplies(d: Decoded): unknown {
    if (d.kind === 'error') return d.reply;
    if (d.kind === 'single') return d.item.type === 'invalid' ? d.item.reply : undefined;
    return d.items.filter((i) => i.type === 'invalid' || i.type === 'request').map((i) => (i.type === 'invalid' ? i.reply : { request: i.message.id }));
  }

  let currentId = '';
  let expectReply: { value: unknown; line: number } | undefined;
  for (const b of blocks) {
    const lang = b.info[0];
    if (lang !== 'json') continue;
    const kind = b.info[1];
    const where = `line ${b.line}`;
    if (kind === 'vector') {
      let vec: any;
      try { vec = JSON.parse(b.body); } catch { fail(where, 'vector is not JSON'); continue; }
      for (const k of ['name', 'layer', 'session', 'covers', 'send', 'expect']) if (!(k in vec)) fail(where, `vector lacks ${k}`);
      if (vec.layer === 'decode') {
        const got = decoderReplies(decodeFrame(vec.send));
        const mm = matchExpected(vec.expect.reply, got);
        if (mm.length) fail(where, `vector mismatch: ${mm.join('; ')}`);
      }
      const shipped = allVectors().find((x) => x.name === vec.name);
      if (shipped && !isDeepStrictEqual(shipped, vec)) notes.push(`${where}: vector ${vec.name} differs from the shipped one`);
      continue;
    }
    if (kind !== 'client→server' && kind !== 'server→client') { fail(where, `json block without direction: ${b.info.join(' ')}`); continue; }
    frames++;
    const fromClient = kind === 'client→server';
    const invalidExpected = b.info.includes('invalid');
    const d = decodeFrame(b.body, { role: fromClient ? 'server' : 'client' });
    if (expectReply && !fromClient) {
      // The previous block was an invalid client frame: this reply must equal what the decoder computed.
      const want = expectReply.value; let got: unknown;
      try { got = JSON.parse(b.body); } catch { got = undefined; }
      if (Array.isArray(want) && Array.isArray(got)) {
        if (want.length !== got.length) fail(where, `batch reply length ${got.length}, decoder implies ${want.length}`);
        want.forEach((w: any, i) => {
          if (w && 'request' in w) { if ((got)[i]?.id !== w.request) fail(where, `reply ${i} id mismatch`); }
          else if (!isDeepStrictEqual(w, (got)[i])) fail(where, `reply ${i} differs from decoder: ${JSON.stringify(w)}`);
        });
      } else if (!isDeepStrictEqual(want, got)) fail(where, `reply differs from decoder: ${JSON.stringify(want)}`);
      expectReply = undefined;
      // Requests inside an invalid batch were registered; their replies are checked below as usual.
    }
    if (invalidExpected) {
      if (!fromClient) fail(where, 'invalid tag on a server frame');
      const r = decoderReplies(d);
      if (r === undefined) fail(where, 'tagged invalid but decodes cleanly');
      expectReply = { value: r, line: b.line };
    }
    if (d.kind === 'error') { if (!invalidExpected) fail(where, `frame error: ${JSON.stringify(d.reply.error)}`); continue; }
    const list: readonly DecodedItem[] = d.kind === 'single' ? [d.item] : d.items;
    for (const item of list) {

      if (item.type === 'invalid') { if (!invalidExpected) fail(where, `invalid item: ${JSON.stringify(item.reply.error)}`); if (item.reply.id !== null) pending.set(JSON.stringify(item.reply.id), '(invalid)'); continue; }
      if (item.type === 'response') { checkResponse(where, item.message); continue; }
      const m = item.message;
      const isReq = item.type === 'request';
      currentId = isReq ? JSON.stringify((m as { id: unknown }).id) : '';
      if (isReq) pending.set(currentId, m.method);
      checkParams(where, m.method, m.params, fromClient ? 'client' : 'server', isReq ? 'request' : 'notification');
    }
  }
  for (const [key, epoch] of published) {
    if (!deliveries.has(key)) fail('consistency', `published ${key} never delivered`);
    else if (deliveries.get(key) !== undefined && deliveries.get(key) !== epoch) fail('consistency', `delivery ${key} does not match its PublishResult`);
  }
  for (const form of ['compact', 'full'] as const) if (!deliveryForms.has(form)) fail('coverage', `no example of a ${form} delivery`);
  for (const [id, m] of pending) notes.push(`request ${id} (${m}) never answered in the document`);
  for (const m of Object.values(Method)) if (!seenMethods.has(m)) fail('coverage', `no example frame for ${m}`);
  if (expectReply) fail(`line ${expectReply.line}`, 'invalid frame without a following reply');

  // Code tables: every row must match the source tables, and every code must have a row.
  const rowRe = /^\| (-?\d+) \| (\w+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|/gm;
  const errRows = new Set<number>(); const closeRows = new Set<number>();
  for (const m of doc.matchAll(rowRe)) {
    const code = Number(m[1]); const [name, msg, c4, c5] = [m[2]!, m[3]!.trim(), m[4]!.trim(), m[5]!.trim()];
    if (code < 0 && Object.hasOwn(ERROR_TABLE, code)) {
      const i = ERROR_TABLE[code as keyof typeof ERROR_TABLE];
      if (c5 !== 'wire' && c5 !== 'local') continue; // another table mentioning a code
      errRows.add(code);
      if (i.name !== name || i.message !== msg || (i.retryable ? 'yes' : 'no') !== c4 || (i.local ? 'local' : 'wire') !== c5) fail('error table', `row ${code} differs from ERROR_TABLE`);
    } else if (code >= 1000 && Object.hasOwn(CLOSE_TABLE, code) && (c4 === 'retryable' || c4 === 'terminal')) {
      const i = CLOSE_TABLE[code as keyof typeof CLOSE_TABLE];
      closeRows.add(code);
      if (i.name !== name || i.reason !== msg || (i.retryable ? 'retryable' : 'terminal') !== c4) fail('close table', `row ${code} differs from CLOSE_TABLE`);
    }
  }
  for (const c of Object.keys(ERROR_TABLE)) if (!errRows.has(Number(c))) fail('error table', `missing ${c}`);
  for (const c of Object.keys(CLOSE_TABLE)) if (!closeRows.has(Number(c))) fail('close table', `missing ${c}`);


  return { problems, frames, blocks: blocks.length };
}

describe('docs/protocol.md', () => {
  it('has examples that decode, validate and agree with the code tables', () => {
    const { problems, frames } = checkSpec();
    expect(frames).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});
