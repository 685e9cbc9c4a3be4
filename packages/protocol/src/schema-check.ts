/**
 * A fast path for validation: a valibot schema compiled once into a plain JavaScript function
 * that is true only when valibot would accept the value *and give it back unchanged*, so the value
 * itself can stand as the output. Valibot's own run copies every object and array and allocates a
 * dataset per node: on a hot path (every delivery a client receives, every call a server runs)
 * that is most of the cost of validating. The compiled check reads each field once.
 *
 * Only schemas whose output always equals their input are compiled: primitives, literals,
 * picklists, objects (plain, loose, strict), arrays, `optional` / `nullable` / `nullish` without
 * defaults, unions of those, and pipes whose actions only validate (or carry metadata). Anything
 * else (a transform, a default, a fallback, a kind not listed) gives `undefined`: valibot runs
 * as before. The check may also say `false` for a value valibot accepts (an object with extra or
 * inherited keys, not made by `JSON.parse`); the caller then runs valibot, which decides. Inside,
 * each part tells apart "surely refused" from "maybe accepted with another output", since
 * valibot's union takes its first accepting option. So the fast path never changes a verdict, an
 * output or an issue.
 *
 * The check is generated source (`new Function`): for servers and Node clients. A page under a
 * Content Security Policy without `'unsafe-eval'` must not call it (`@parley/client`'s browser
 * build never does); where `Function` is refused it gives `undefined`.
 *
 * @module
 */
import type * as v from 'valibot';
import { validate, type ValidationResult } from './validate.js';

/** The parts of a valibot schema or action this file reads. */
interface Node {
  readonly kind?: string;
  readonly type?: string;
  readonly async?: boolean;
  readonly default?: unknown;
  readonly fallback?: unknown;
  readonly pipe?: readonly Node[];
  readonly wrapped?: Node;
  readonly entries?: Readonly<Record<string, Node>>;
  readonly item?: Node;
  readonly options?: readonly unknown[];
  readonly literal?: unknown;
}

/**
 * A compiled check's verdict, as generated code returns it: 1 valid and valibot's output would
 * equal the input; 0 valibot refuses it; 2 valibot may accept it with another output.
 */
type Verdict = 0 | 1 | 2;
type Compiled = (value: unknown) => Verdict;

/** Valibot's config for one action: stop at the first issue. */
const CONFIG = { abortEarly: true, abortPipeEarly: true };
/** Types whose check is exact (yes or no, never "another output"): a pipe on them is inlined. */
const EXACT = new Set(['string', 'number', 'boolean', 'null', 'undefined', 'unknown', 'any', 'literal', 'picklist']);
/** Actions that pass the value through unchanged although valibot files them as transformations. */
const IDENTITY_ACTIONS = new Set(['readonly', 'brand']);
const LOOSE_DROPPED = ['__proto__', 'prototype', 'constructor'];

/** Generates the source of checks; `consts` is `$` in the generated code. */
class Generator {
  readonly consts: unknown[] = [];
  private names = 0;

  /** @param yes - compile the top level: the function answers only whether the verdict is 1 */
  constructor(private readonly yes = false) {}

  /** What the generated code returns for a value valibot refuses. */
  private get no(): string {
    return this.yes ? 'false' : '0';
  }

  /** A compiled function for a schema (its own scope), or `undefined`. */
  function(node: Node): Compiled | undefined {
    const body = this.statements(node, 'x');
    if (body === undefined) return undefined;
    try {
      // Generated code is the point of this file: keys go in as JSON strings, values as constants.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const make = new Function('$', 'P', 'C', `return function check(x){let r=1;${body}return ${this.yes ? 'r===1' : 'r'}}`) as (...args: unknown[]) => Compiled;
      return make(this.consts, Object.prototype, CONFIG);
    } catch {
      return undefined; // no Function here (a Content Security Policy)
    }
  }

  private constant(value: unknown): string {
    this.consts.push(value);
    return `$[${this.consts.length - 1}]`;
  }

  private name(prefix: string): string {
    return `${prefix}${++this.names}`;
  }

  /** Statements checking variable `v`: `return 0` when refused, `r=2` when maybe accepted otherwise. */
  statements(node: Node, v: string): string | undefined {
    if (typeof node !== 'object' || node === null || node.async || node.fallback !== undefined) return undefined;
    if (node.pipe) return this.pipe(node.pipe, v);
    switch (node.type) {
      case 'string':
      case 'boolean':
        return `if(typeof ${v}!=="${node.type}")return ${this.no};`;
      case 'number':
        return `if(typeof ${v}!=="number"||${v}!==${v})return ${this.no};`; // valibot refuses NaN
      case 'null':
        return `if(${v}!==null)return ${this.no};`;
      case 'undefined':
        return `if(${v}!==undefined)return ${this.no};`;
      case 'unknown':
      case 'any':
        return '';
      case 'literal': {
        const literal = this.constant(node.literal);
        return `if(!(${v}===${literal}||(${v}!==${v}&&${literal}!==${literal})))return ${this.no};`;
      }
      case 'picklist':
        return `if(!${this.constant(node.options ?? [])}.includes(${v}))return ${this.no};`;
      case 'optional':
      case 'nullable':
      case 'nullish':
        return this.wrapper(node, v);
      case 'array':
        return this.array(node, v);
      case 'object':
      case 'loose_object':
      case 'strict_object':
        return this.object(node, v, node.type);
      case 'union':
        return this.union(node, v);
      default:
        return undefined;
    }
  }

  private wrapper(node: Node, v: string): string | undefined {
    if (node.default !== undefined || !node.wrapped) return undefined;
    const inner = this.statements(node.wrapped, v);
    if (inner === undefined) return undefined;
    const passes = node.type === 'optional' ? `${v}===undefined` : node.type === 'nullable' ? `${v}===null` : `${v}==null`;
    return `if(!(${passes})){${inner}}`;
  }

  private array(node: Node, v: string): string | undefined {
    const i = this.name('i');
    const item = this.name('v');
    const inner = node.item && this.statements(node.item, item);
    if (inner === undefined) return undefined;
    return `if(!Array.isArray(${v}))return ${this.no};for(let ${i}=0;${i}<${v}.length;${i}++){const ${item}=${v}[${i}];${inner}}`;
  }

  private object(node: Node, v: string, mode: 'object' | 'loose_object' | 'strict_object'): string | undefined {
    const present = this.name('p');
    const count = this.name('c');
    const keys = Object.keys(node.entries ?? {});
    // valibot: `input && typeof input === "object"` (arrays included; their copy is a plain object).
    let out = `if(typeof ${v}!=="object"||${v}===null)return ${this.no};if(Object.getPrototypeOf(${v})!==P)r=2;let ${present}=0;`;
    for (const key of keys) {
      const entry = (node.entries as Record<string, Node>)[key] as Node;
      const field = this.name('v');
      const inner = this.statements(entry, field);
      if (inner === undefined) return undefined;
      const k = JSON.stringify(key);
      const absent = entry.type === 'optional' || entry.type === 'nullish' ? '' : `return ${this.no};`;
      // Read as valibot does (`key in input`, inherited keys too); an inherited one shows in the count below.
      out += `{const ${field}=${v}[${k}];if(${field}===undefined&&!(${k} in ${v})){${absent}}else{${present}++;${inner}}}`;
    }
    out += `let ${count}=0;for(const k in ${v}){${count}++;`;
    // valibot's loose copy drops these keys: not the same value then.
    const dropped = LOOSE_DROPPED.filter((key) => !keys.includes(key));
    if (mode === 'loose_object' && dropped.length > 0) out += `if(${dropped.map((key) => `k==="${key}"`).join('||')})r=2;`;
    out += `}if(${count}<${present})r=2;`; // a key was read from the prototype: valibot's copy has it as its own
    if (mode === 'strict_object') out += `else if(${count}>${present})return ${this.no};`;
    else if (mode === 'object') out += `else if(${count}>${present})r=2;`; // valibot strips the extra keys
    return out;
  }

  private union(node: Node, v: string): string | undefined {
    const options = (node.options ?? []).map((option) => this.nested(option as Node));
    if (options.length === 0 || options.some((option) => option === undefined)) return undefined;
    // valibot takes the first option that accepts: each one before must surely refuse.
    const u = this.name('u');
    const tries = options.map((option, i) => (i === 0 ? `let ${u}=${option}(${v});` : `if(${u}===0)${u}=${option}(${v});`)).join('');
    return `{${tries}if(${u}===0)return ${this.no};if(${u}===2)r=2;}`;
  }

  /** A schema checked by a function of its own (its verdict is a value, not an early return). */
  private nested(node: Node): string | undefined {
    const check = new Generator().function(node);
    return check && this.constant(check);
  }

  private pipe(pipe: readonly Node[], v: string): string | undefined {
    const [base, ...rest] = pipe;
    let actions = '';
    for (const action of rest) {
      if (action.kind === 'metadata' || IDENTITY_ACTIONS.has(action.type ?? '')) continue;
      if (action.kind !== 'validation' || action.async) return undefined;
      actions += `if(${this.constant(action)}["~run"]({typed:true,value:${v}},C).issues)return ${this.no};`;
    }
    if (!base) return undefined;
    if (!base.pipe && EXACT.has(base.type ?? '')) {
      const inner = this.statements(base, v);
      return inner === undefined ? undefined : inner + actions;
    }
    // The actions run on the base's output: they judge the input only when that is the input itself.
    const check = this.nested(base);
    const b = this.name('b');
    return check && `{const ${b}=${check}(${v});if(${b}===0)return ${this.no};if(${b}===2)r=2;else{${actions}}}`;
  }
}

const compiled = new WeakMap<object, ((value: unknown) => boolean) | null>();

/**
 * The compiled check of a valibot schema (generated on first use, then cached): `true` only when
 * valibot would accept the value and return it unchanged, so the value can stand as the output;
 * `false` means "ask valibot". `undefined` when the schema cannot be checked this way (its output
 * can differ from its input) or `Function` is refused. {@link validateFast} uses it.
 *
 * @example
 * ```ts
 * const check = compileSchemaCheck(v.object({ n: v.number() }));
 * check?.({ n: 1 });   // true: valid, and valibot's output would equal the input
 * check?.({ n: 'x' }); // false: ask valibot (for the issues)
 * compileSchemaCheck(v.pipe(v.string(), v.transform(Number))); // undefined: the output differs
 * ```
 */
export function compileSchemaCheck(schema: object): ((value: unknown) => boolean) | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    // The top level answers true or false (generated with `return r===1`).
    check = (new Generator(true).function(schema) as unknown as ((value: unknown) => boolean) | undefined) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

/**
 * {@link validate} with the schema's compiled check as a fast path: a value the check passes is
 * its own output, and valibot runs only for the others (to give its output or its issues). For
 * servers and Node clients (see the module's note on generated code).
 *
 * @example
 * ```ts
 * const r = validateFast(v.object({ n: v.number() }), JSON.parse('{"n":1}'));
 * if (r.success) r.output; // the parsed object itself
 * ```
 */
export function validateFast<S extends v.GenericSchema>(schema: S, value: unknown): ValidationResult<v.InferOutput<S>> {
  return compileSchemaCheck(schema)?.(value) ? { success: true, output: value as v.InferOutput<S> } : validate(schema, value);
}
