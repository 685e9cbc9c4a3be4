/**
 * The chat from Node, as a browser page would reach it: `/login` for a token, then a Parley
 * client whose WebSocket sends the page's Origin.
 */
import WebSocket from 'ws';
import { createParleyClient, type ParleyClient, type WebSocketConstructor } from '@parley/client';
import { chat, type ChatContract } from '../../src/shared/contract.js';

/** `ws` with an Origin header, as a browser would send it. */
export const fromOrigin = (origin: string): WebSocketConstructor =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { origin });
    }
  };

/** `POST /login` on the server at `baseUrl` (ending in `/`). */
export async function login(baseUrl: string, name: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A Parley client for the chat on `port`, signing in with `token`, from `origin` (default: the page's). */
export function chatClient(port: number, token: string, origin = `http://localhost:${port}`): ParleyClient<ChatContract> {
  return createParleyClient({
    url: `ws://127.0.0.1:${port}/parley`,
    contract: chat,
    auth: () => token,
    WebSocket: fromOrigin(origin),
    reconnect: false,
  });
}
