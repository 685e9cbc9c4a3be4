/**
 * Drives the chat page in a browser tab the way a user does: type, click, read what is shown.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** One tab with the chat. */
export class ChatPage {
  constructor(readonly page: Page) {}

  /** Opens the chat in a new tab and signs in with `name`. */
  static async open(context: BrowserContext, url: string, name: string): Promise<ChatPage> {
    const page = await context.newPage();
    await page.goto(url);
    const chat = new ChatPage(page);
    await chat.signIn(name);
    return chat;
  }

  /** Fills in the name and joins. */
  async signIn(name: string): Promise<void> {
    await this.page.locator('#name').fill(name);
    await this.page.locator('#login-form button[type=submit]').click();
    await this.page.locator('#chat-view').waitFor({ state: 'visible' });
  }

  /** The status line. */
  async status(): Promise<string> {
    return (await this.page.locator('#status').textContent()) ?? '';
  }

  /** The error shown under the messages. */
  async error(): Promise<string> {
    return (await this.page.locator('#chat-error').textContent()) ?? '';
  }

  /** The login form's error (after being signed out). */
  async loginError(): Promise<string> {
    return (await this.page.locator('#login-error').textContent()) ?? '';
  }

  /** Types a message and presses Enter. */
  async say(text: string): Promise<void> {
    await this.page.locator('#text').fill(text);
    await this.page.locator('#text').press('Enter');
  }

  /** What is in the composer. */
  async draft(): Promise<string> {
    return this.page.locator('#text').inputValue();
  }

  /** The messages of the conversation shown, as `from: text`. */
  async lines(): Promise<string[]> {
    return this.page
      .locator('#messages li.message')
      .evaluateAll((items) => items.map((item) => `${item.querySelector('.from')?.textContent}: ${item.querySelector('.text')?.textContent}`));
  }

  /** The online list of the room shown. */
  async online(): Promise<string[]> {
    return this.page.locator('#online li').allTextContents();
  }

  /** The title of the conversation shown. */
  async title(): Promise<string> {
    return (await this.page.locator('#conversation-title').textContent()) ?? '';
  }

  /** The private conversations listed (with their unread count, if any). */
  async directs(): Promise<string[]> {
    return this.page.locator('#directs button').allTextContents();
  }

  /** Shows a conversation from the side bar (`#lobby`, or a user name). */
  async show(label: string): Promise<void> {
    await this.page.locator('button.conversation-link', { hasText: label }).first().click();
  }

  /** Clicks a user in the online list (opens the private conversation). */
  async messageTo(userId: string): Promise<void> {
    await this.page.locator('#online button.member', { hasText: userId }).click();
  }
}
