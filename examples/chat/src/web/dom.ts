/**
 * Two small DOM helpers. User text only ever goes into `textContent`, never into HTML.
 *
 * @module
 */

/**
 * The element with this id, checked to be of the expected class.
 *
 * @example
 * ```ts
 * const input = byId('name', HTMLInputElement);
 * ```
 */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return element;
}

/**
 * Creates an element with a class, text and attributes.
 *
 * @example
 * ```ts
 * list.append(el('li', { className: 'member', text: userId, attrs: { title: 'Send a private message' } }));
 * ```
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { readonly className?: string; readonly text?: string; readonly attrs?: Readonly<Record<string, string>> } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
