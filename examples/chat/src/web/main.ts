/**
 * The page: sign in with a name, then chat. Bundled by esbuild into `app.js`.
 *
 * @module
 */
import { DEFAULT_ROOMS, isRoomName, isUserName } from '../shared/names.js';
import { byId } from './dom.js';
import { ChatSession } from './session.js';
import { StatusLine } from './status.js';
import { TokenStore, requestLogin } from './tokens.js';
import { ChatView } from './view.js';

const loginView = byId('login-view', HTMLElement);
const loginForm = byId('login-form', HTMLFormElement);
const nameInput = byId('name', HTMLInputElement);
const loginError = byId('login-error', HTMLParagraphElement);
const chatView = byId('chat-view', HTMLElement);
const statusElement = byId('status', HTMLParagraphElement);
const signOutButton = byId('sign-out', HTMLButtonElement);
const joinForm = byId('join-form', HTMLFormElement);
const joinInput = byId('join-name', HTMLInputElement);
const composer = byId('composer', HTMLFormElement);
const textInput = byId('text', HTMLTextAreaElement);
const chatError = byId('chat-error', HTMLParagraphElement);

let session: ChatSession | undefined;
let status: StatusLine | undefined;
let errorTimer: ReturnType<typeof setTimeout> | undefined;

function showError(message: string): void {
  chatError.textContent = message;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => (chatError.textContent = ''), 8000);
}

function showLogin(message = ''): void {
  chatView.hidden = true;
  loginView.hidden = false;
  signOutButton.hidden = true;
  loginError.textContent = message;
  statusElement.textContent = 'Not signed in';
  statusElement.dataset['state'] = 'closed';
  nameInput.focus();
}

async function signOut(message = ''): Promise<void> {
  const ending = session;
  session = undefined;
  status?.stop();
  TokenStore.clear();
  if (ending) nameInput.value = ending.userId;
  showLogin(message);
  await ending?.close();
}

function startChat(tokens: TokenStore): void {
  loginView.hidden = true;
  chatView.hidden = false;
  signOutButton.hidden = false;
  const line = new StatusLine(statusElement, tokens.userId);
  status = line;
  // `changed` first fires on the `join` calls below, once `view` exists.
  const current: ChatSession = new ChatSession(tokens, {
    changed: () => view.render(),
    state: (change) => line.update(change),
    pending: (count) => line.setPending(count),
    error: showError,
    signedOut: (message) => void signOut(message),
  });
  session = current;
  const view = new ChatView(current);
  line.render();
  for (const room of DEFAULT_ROOMS) void current.join(room);
  current.show('#lobby');
  textInput.focus();
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = nameInput.value.trim();
  if (!isUserName(name)) {
    loginError.textContent = 'A name is 1-24 letters, digits, _ . or -, starting with a letter or digit.';
    return;
  }
  loginError.textContent = 'Signing in…';
  requestLogin(name).then(
    (login) => startChat(new TokenStore(login)),
    (error: unknown) => (loginError.textContent = error instanceof Error ? error.message : 'Sign-in failed'),
  );
});

joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const room = joinInput.value.trim().replace(/^#/, '').toLowerCase();
  if (!isRoomName(room)) return showError('A room name is 1-32 lower-case letters, digits, _ or -.');
  joinInput.value = '';
  void session?.join(room);
});

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textInput.value;
  if (!session || text.trim() === '') return;
  textInput.value = '';
  void session.send(text).then((sent) => {
    // Not sent: give the text back, unless the user already typed something new.
    if (!sent && textInput.value === '') textInput.value = text;
  });
});

textInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

signOutButton.addEventListener('click', () => void signOut());

const restored = TokenStore.restore();
if (restored) startChat(restored);
else showLogin();
