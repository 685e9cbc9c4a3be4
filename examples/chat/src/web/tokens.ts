/**
 * Signing in: `POST /login` for a signed token, kept in `sessionStorage` (per tab, gone when the
 * tab closes), handed to the Parley client through `auth`.
 *
 * @module
 */
import { isUserName } from '../shared/names.js';

/**
 * A token from `/login`.
 *
 * @example
 * ```ts
 * const login: Login = { userId: 'alice', token: 'eyJ….sig', expiresAt: Date.now() + 3_600_000 };
 * ```
 */
export interface Login {
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: number;
}

const STORAGE_KEY = 'parley-chat-login';
/** A token this close to its expiry is replaced before it is used. */
const RENEW_BEFORE_MS = 60_000;

/**
 * Asks the server for a token for `name`; rejects with a message for the user.
 *
 * @example
 * ```ts
 * const login = await requestLogin('alice');
 * ```
 */
export async function requestLogin(name: string): Promise<Login> {
  const response = await fetch('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<Login> & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `Sign-in failed (HTTP ${response.status})`);
  if (typeof body.token !== 'string' || !isUserName(body.userId) || typeof body.expiresAt !== 'number') {
    throw new Error('Sign-in failed: unexpected answer');
  }
  return { userId: body.userId, token: body.token, expiresAt: body.expiresAt };
}

/**
 * The tab's sign-in: the stored token, renewed from `/login` when it is about to expire.
 *
 * @example
 * ```ts
 * const tokens = TokenStore.restore() ?? new TokenStore(await requestLogin('alice'));
 * createParleyClient({ url, contract: chat, auth: () => tokens.credentials() });
 * ```
 */
export class TokenStore {
  #login: Login;

  /** @param login - a fresh token */
  constructor(login: Login) {
    this.#login = login;
    this.#save();
  }

  /** The sign-in stored by this tab, if any. */
  static restore(): TokenStore | undefined {
    try {
      const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Login> | null;
      if (stored && isUserName(stored.userId) && typeof stored.token === 'string' && typeof stored.expiresAt === 'number') {
        return new TokenStore({ userId: stored.userId, token: stored.token, expiresAt: stored.expiresAt });
      }
    } catch {
      // Unreadable storage: sign in again.
    }
    return undefined;
  }

  /** Forgets the sign-in (signing out). */
  static clear(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  }

  /** The signed-in user. */
  get userId(): string {
    return this.#login.userId;
  }

  /** When the current token expires. */
  get expiresAt(): number {
    return this.#login.expiresAt;
  }

  /**
   * The credentials for `rpc.hello` / `rpc.refresh`: the stored token, or a new one when it
   * expires within a minute. A token the server refused is not replaced here: the client then
   * stops as `unauthorized` and the page asks the user to sign in again.
   */
  async credentials(): Promise<string> {
    if (this.#login.expiresAt - Date.now() < RENEW_BEFORE_MS) {
      this.#login = await requestLogin(this.#login.userId);
      this.#save();
    }
    return this.#login.token;
  }

  #save(): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.#login));
  }
}
