import * as Protocol from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import * as CloseCode from '../../src/close-codes.js';
import * as ErrorCode from '../../src/error-codes.js';
import * as Method from '../../src/methods.js';

describe("the client's inlined codes", () => {
  it('mirror ErrorCode, CloseCode and Method of @parley/protocol exactly, no member more or less', () => {
    expect({ ...ErrorCode }).toEqual({ ...Protocol.ErrorCode });
    expect({ ...CloseCode }).toEqual({ ...Protocol.CloseCode });
    expect({ ...Method }).toEqual({ ...Protocol.Method });
  });
});
