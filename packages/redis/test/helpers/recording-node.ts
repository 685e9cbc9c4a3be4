/**
 * An AdapterNode that records what the adapter hands it: what a server's hub would deliver.
 */
import { readDelivery } from '@parley/protocol';
import type { AdapterNode, PresenceChange, StreamMessage } from '@parley/server';

/** A recorder of deliveries, presence notices and close orders. */
export class RecordingNode implements AdapterNode {
  readonly delivered: StreamMessage[] = [];
  readonly presence: PresenceChange[] = [];
  readonly kicked: Array<{ userId: string; code: number; reason: string }> = [];
  readonly closedStreams: Array<{ stream: string; code: number }> = [];

  deliver(message: StreamMessage): void {
    this.delivered.push(message);
  }

  presenceChanged(change: PresenceChange): void {
    this.presence.push(change);
  }

  disconnectUser(userId: string, code: number, reason: string): void {
    this.kicked.push({ userId, code, reason });
  }

  closeStream(stream: string, code: number): void {
    this.closedStreams.push({ stream, code });
  }

  /** Streams with a local recipient, for adapters that ask. */
  readonly recipients = new Set<string>();
  /** Connection ids with a local session, for adapters that ask. */
  readonly sessions = new Set<string>();

  hasRecipients(stream: string): boolean {
    return this.recipients.has(stream);
  }

  hasConnection(connectionId: string): boolean {
    return this.sessions.has(connectionId);
  }

  /** The payloads delivered for one stream, in order (read off the frames). */
  payloads(stream: string): unknown[] {
    return this.delivered.filter((m) => m.stream === stream).map((m) => readDelivery((JSON.parse(m.text) as { params: unknown }).params)?.data);
  }

  /** The seqs delivered for one stream, in order. */
  seqs(stream: string): number[] {
    return this.delivered.filter((m) => m.stream === stream).map((m) => m.seq);
  }
}
