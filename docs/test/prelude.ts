/**
 * What the guides' snippets use without defining it, declared once for all guides. A guide's
 * folder gets this text as `prelude.ts`; `./contract.js` there is the guide's own
 * `// contract.ts` block, or the getting-started one.
 *
 * Two kinds of names, and nothing else:
 * - what an earlier block of the same page set up or imported (`parley`, `client`, `http`,
 *   `createParleyServer`): a snippet may continue the page's story without repeating it;
 * - the application's own functions and values a snippet calls (`verify`, `render`,
 *   `getFreshToken`), which are not Parley's to define.
 *
 * Everything else a snippet uses must be imported or defined by the snippet itself.
 */
export const PRELUDE = `import type { RequestListener, Server } from 'node:http';
import type { Logger, HandlerContext, ParleyServer } from '@parley/server';
import type { ParleyClient } from '@parley/client';
import type { chat as Chat } from './contract.js';

declare global {
  // Set up or imported by an earlier block of the page.
  const chat: typeof Chat;
  const contract: typeof Chat;
  const http: Server;
  const server: Server;
  const parley: ParleyServer<typeof Chat>;
  const client: ParleyClient<typeof Chat>;
  const ctx: HandlerContext<typeof Chat>;
  const logger: Logger;
  const url: string;
  const connectionId: string;
  const createServer: typeof import('node:http').createServer;
  const createParleyServer: typeof import('@parley/server').createParleyServer;
  const createParleyClient: typeof import('@parley/client').createParleyClient;

  // The application's own code.
  const app: RequestListener;
  const text: string;
  const someConnectionId: string;
  function getToken(): Promise<string>;
  function getFreshToken(): Promise<string>;
  function verify(token: string): Promise<{ id: string; exp: number } | undefined>;
  const sessions: {
    verify(token: string): Promise<{ id: string; name: string; banned: boolean; tokenExpiresAt: number } | undefined>;
  };
  function mayJoin(userId: string, topic: string, action: string): boolean;
  function render(message: unknown, from?: string): void;
  function showStatus(text: string): void;
  function showRetryButton(): void;
  function reload(what: string): void;
  function reloadRoom(topic: string, reason?: string): void;
  function report(error: unknown, context: object): void;
}
export {};
`;
