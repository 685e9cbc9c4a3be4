/**
 * `createParleyServer`: the public facade over the core, the upgrade handler and the heartbeat.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  ALL_STREAM,
  CloseCode,
  connectionStream,
  ErrorCode,
  getMethod,
  parleyError,
  topicStream,
  TopicSchema,
  userStream,
  validate,
  type AnyContract,
  type EventInput,
  type EventName,
  type MethodName,
  type PresenceMember,
  type PublishResult,
} from '@parley/protocol';
import { UpgradeHandler } from './transport/attach.js';
import { closeReason } from './session/connection.js';
import { ServerCore } from './core.js';
import { drainServer } from './server-drain.js';
import { Heartbeat } from './transport/heartbeat.js';
import { resolveOptions, type ParleyServerOptions } from './options.js';
import { publish } from './delivery/publish.js';
import { onMessage } from './inbound/receive.js';
import { UpgradeGate } from './transport/upgrade-gate.js';
import type {
  CloseOptions,
  ConnectionInfo,
  ConnectionsView,
  DisconnectOptions,
  Handler,
  ParleyServer,
  ServerEvents,
} from './types.js';

const checkTopic = (topic: string): void => {
  if (!validate(TopicSchema, topic).success) throw new TypeError(`parley: invalid topic ${JSON.stringify(topic)}`);
};

class ParleyServerImpl<C extends AnyContract> implements ParleyServer<C> {
  readonly contract: C;
  readonly path: string;
  readonly connections: ConnectionsView;
  private readonly core: ServerCore<C>;
  private readonly upgrades: UpgradeHandler;
  private readonly heartbeat: Heartbeat;
  private owned: HttpServer | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: ParleyServerOptions<C>) {
    const resolved = resolveOptions(options);
    this.contract = resolved.contract;
    this.path = resolved.path;
    const core = new ServerCore<C>(resolved, onMessage);
    core.server = this;
    this.core = core;
    const gate = new UpgradeGate(resolved.guards, resolved.logger);
    this.upgrades = new UpgradeHandler(resolved.path, resolved.maxMessageBytes, gate, (ws, req, n, admission) => core.accept(ws, req, n, admission));
    this.heartbeat = new Heartbeat(resolved.heartbeatIntervalMs, resolved.heartbeatTimeoutMs, () => core.sockets, resolved.logger);
    this.heartbeat.start();
    const list = (): ConnectionInfo[] => [...core.hub.connections.values()].map((c) => core.info(c));
    this.connections = {
      get count() {
        return core.hub.connections.size;
      },
      list,
      get: (id) => {
        const connection = core.hub.connections.get(id);
        return connection ? core.info(connection) : undefined;
      },
      ofUser: (userId) => [...core.hub.userConnections(userId)].map((c) => core.info(c)),
    };
    if (options.server) this.attach(options.server);
  }

  handle<K extends MethodName<C>>(method: K, handler: Handler<C, K>): this {
    if (!getMethod(this.contract, method)) throw new TypeError(`parley: ${method} is not a method of the contract`);
    if (this.core.handlers.has(method)) throw new TypeError(`parley: ${method} already has a handler`);
    if (typeof handler !== 'function') throw new TypeError(`parley: the handler of ${method} must be a function`);
    this.core.handlers.set(method, handler);
    return this;
  }

  async broadcast<E extends EventName<C>>(topic: string | null, event: E, data: EventInput<C, E>): Promise<PublishResult> {
    await this.core.ready;
    if (topic === null) return publish(this.core, { stream: ALL_STREAM, from: null, event, data });
    checkTopic(topic);
    return publish(this.core, { stream: topicStream(topic), from: null, event, data });
  }

  async sendToUser<E extends EventName<C>>(userId: string, event: E, data: EventInput<C, E>): Promise<PublishResult> {
    await this.core.ready;
    return publish(this.core, { stream: userStream(userId), from: null, event, data });
  }

  async sendToConnection<E extends EventName<C>>(connectionId: string, event: E, data: EventInput<C, E>): Promise<PublishResult> {
    await this.core.ready;
    if (!(await this.core.adapter.hasConnection(connectionId))) throw parleyError(ErrorCode.NotFound);
    return publish(this.core, { stream: connectionStream(connectionId), from: null, event, data });
  }

  async presence(topic: string): Promise<PresenceMember[]> {
    checkTopic(topic);
    await this.core.ready;
    return [...(await this.core.adapter.presenceList(topic))];
  }

  async disconnectUser(userId: string, options: DisconnectOptions = {}): Promise<void> {
    const code = options.code ?? CloseCode.Forbidden;
    await this.core.ready;
    await this.core.adapter.disconnectUser(userId, code, options.reason ?? closeReason(code));
  }

  attach(server: HttpServer | HttpsServer): this {
    this.upgrades.attach(server);
    return this;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgrades.handleUpgrade(request, socket, head);
  }

  async listen(port = 0, host?: string): Promise<AddressInfo> {
    if (this.owned) throw new Error('parley: listen() was already called');
    const server = createServer((_req, res) => {
      res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' }).end('Upgrade Required');
    });
    this.owned = server;
    this.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', (error) => this.core.report(error, { where: 'socket' }, 'http server error'));
        this.core.options.logger.info({ address: server.address() }, 'parley: listening');
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options);
    return this.closing;
  }

  on<K extends keyof ServerEvents>(event: K, listener: ServerEvents[K]): () => void {
    return this.core.events.on(event, listener);
  }

  off<K extends keyof ServerEvents>(event: K, listener: ServerEvents[K]): void {
    this.core.events.off(event, listener);
  }

  /** The graceful drain (server-drain.ts), then detach, stop the timers, close the adapter and the server `listen` started. */
  private async shutdown(options: CloseOptions): Promise<void> {
    await drainServer(this.core, this.upgrades, options);
    this.upgrades.close();
    this.heartbeat.stop();
    this.core.guard.expiry.close();
    try {
      await this.core.adapter.close();
    } catch (error) {
      this.core.report(error, { where: 'adapter' }, 'adapter close failed');
    }
    const owned = this.owned;
    if (owned) {
      await new Promise<void>((resolve) => {
        owned.close(() => resolve());
        owned.closeAllConnections();
      });
    }
  }
}

/**
 * Creates a Parley server. Give it an HTTP(S) server to attach to (`server`), or attach later
 * with `attach`, route upgrades yourself with `handleUpgrade`, or run it alone with `listen`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createParleyServer } from '@parley/server';
 * import { chat } from './contract.js';
 *
 * const http = createServer((req, res) => res.end('ok'));
 * const parley = createParleyServer({ server: http, contract: chat });
 * parley.handle('chat.send', async ({ room, text }, ctx) => {
 *   return parley.broadcast(room, 'chat.message', { room, text, from: ctx.identity.userId });
 * });
 * http.listen(3000);
 * ```
 */
export function createParleyServer<C extends AnyContract = AnyContract>(options: ParleyServerOptions<C> = {}): ParleyServer<C> {
  return new ParleyServerImpl(options);
}
