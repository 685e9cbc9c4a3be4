import { CLOSE_TABLE, CloseCode, closeCodeForError, closeNotice, ErrorCode, isRetryableClose } from '@parley/protocol';
import { describe, expect, it } from 'vitest';

describe('closeCodeForError', () => {
  it('pairs session refusals with their close codes', () => {
    expect(closeCodeForError(ErrorCode.Unauthorized)).toBe(CloseCode.Unauthorized);
    expect(closeCodeForError(ErrorCode.Forbidden)).toBe(CloseCode.Forbidden);
    expect(closeCodeForError(ErrorCode.UnsupportedVersion)).toBe(CloseCode.UnsupportedVersion);
    expect(closeCodeForError(ErrorCode.RateLimited)).toBe(CloseCode.RateLimited);
    expect(closeCodeForError(ErrorCode.Overloaded)).toBe(CloseCode.TryAgainLater);
    expect(closeCodeForError(ErrorCode.ShuttingDown)).toBe(CloseCode.ServiceRestart);
    expect(closeCodeForError(ErrorCode.InternalError)).toBe(CloseCode.InternalError);
    expect(closeCodeForError(ErrorCode.InvalidParams)).toBe(CloseCode.BadRequest);
    expect(closeCodeForError(12345)).toBe(CloseCode.BadRequest);
  });
  it('keeps retryable errors retryable after the close', () => {
    for (const code of [ErrorCode.RateLimited, ErrorCode.Overloaded, ErrorCode.ShuttingDown, ErrorCode.InternalError]) {
      expect(isRetryableClose(closeCodeForError(code))).toBe(true);
    }
    for (const code of [ErrorCode.Unauthorized, ErrorCode.Forbidden, ErrorCode.UnsupportedVersion]) {
      expect(isRetryableClose(closeCodeForError(code))).toBe(false);
    }
  });
});

describe('closeNotice', () => {
  it('names the rpc.error that precedes a decided close', () => {
    expect(closeNotice(CloseCode.Forbidden)).toEqual({ code: -32003, message: 'Forbidden' });
    expect(closeNotice(CloseCode.CredentialsExpired)).toEqual({ code: -32001, message: 'Unauthorized' });
    expect(closeNotice(CloseCode.HandshakeTimeout)).toEqual({ code: -32008, message: 'Timeout' });
  });
  it('has no notice for transport closes, restarts and normal closes', () => {
    for (const code of [1000, 1001, 1009, 1012, 4406, 4509, 4000]) expect(closeNotice(code)).toBeUndefined();
  });
  it('only uses close codes from the table', () => {
    for (const code of Object.keys(CLOSE_TABLE).map(Number)) {
      const notice = closeNotice(code);
      if (notice) expect(closeCodeForError(notice.code) === code || code === 1008 || code === 4419 || code === 4408).toBe(true);
    }
  });
});
