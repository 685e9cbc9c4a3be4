/**
 * The protocol's `CloseCode` (close codes) as one constant per member, for the client's own use.
 *
 * `@parley/protocol` exports `CloseCode` as an object, and a bundler keeps an object whole: one
 * `CloseCode.X` in the client would put every member into every app. Imported as a namespace,
 * these constants read the same at the call site (`CloseCode.X`) and a bundler inlines them.
 * Client code takes its close codes from here, never from the protocol's object. The types tie
 * each value to the protocol's; a unit test fails on a missing or extra member.
 *
 * @example
 * ```ts
 * import * as CloseCode from './close-codes.js';
 * socket.close(CloseCode.Normal, 'client closed');
 * ```
 *
 * @module
 */
import type * as Protocol from '@parley/protocol';

export const Normal: typeof Protocol.CloseCode.Normal = 1000;
export const GoingAway: typeof Protocol.CloseCode.GoingAway = 1001;
export const ProtocolError: typeof Protocol.CloseCode.ProtocolError = 1002;
export const UnsupportedData: typeof Protocol.CloseCode.UnsupportedData = 1003;
export const Abnormal: typeof Protocol.CloseCode.Abnormal = 1006;
export const InvalidPayload: typeof Protocol.CloseCode.InvalidPayload = 1007;
export const PolicyViolation: typeof Protocol.CloseCode.PolicyViolation = 1008;
export const MessageTooBig: typeof Protocol.CloseCode.MessageTooBig = 1009;
export const InternalError: typeof Protocol.CloseCode.InternalError = 1011;
export const ServiceRestart: typeof Protocol.CloseCode.ServiceRestart = 1012;
export const TryAgainLater: typeof Protocol.CloseCode.TryAgainLater = 1013;
export const BadRequest: typeof Protocol.CloseCode.BadRequest = 4400;
export const Unauthorized: typeof Protocol.CloseCode.Unauthorized = 4401;
export const Forbidden: typeof Protocol.CloseCode.Forbidden = 4403;
export const UnsupportedVersion: typeof Protocol.CloseCode.UnsupportedVersion = 4406;
export const HandshakeTimeout: typeof Protocol.CloseCode.HandshakeTimeout = 4408;
export const CredentialsExpired: typeof Protocol.CloseCode.CredentialsExpired = 4419;
export const RateLimited: typeof Protocol.CloseCode.RateLimited = 4429;
export const SlowConsumer: typeof Protocol.CloseCode.SlowConsumer = 4509;
