/**
 * The origin allowlist: the page's own origin, under the names a browser on this machine uses
 * for it, plus any public origin the chat is served from (behind a proxy).
 *
 * @module
 */

/**
 * The origins allowed to open the chat's WebSocket: `http://localhost:<port>`,
 * `http://127.0.0.1:<port>`, `http://[::1]:<port>`, and every entry of `extra` (for example
 * `https://chat.example.com` from `CHAT_ORIGINS`).
 *
 * @example
 * ```ts
 * allowedOrigins(8080, ['https://chat.example.com']);
 * // ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'https://chat.example.com']
 * ```
 */
export function allowedOrigins(port: number, extra: readonly string[] = []): string[] {
  const local = ['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${port}`);
  return [...new Set([...local, ...extra])];
}

/**
 * Splits a comma-separated list (an environment variable), dropping empty entries.
 *
 * @example
 * ```ts
 * splitList('https://a.example, https://b.example'); // ['https://a.example', 'https://b.example']
 * ```
 */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
