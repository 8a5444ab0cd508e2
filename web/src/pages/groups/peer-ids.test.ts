import { describe, expect, it } from 'vitest';
import { MAX_PEER_ID_LENGTH, parsePeerIds } from './peer-ids';

describe('device IDs typed several at once', () => {
  it('splits on commas, semicolons, spaces and new lines, keeping each ID once in order', () => {
    expect(parsePeerIds(' 123456789, 987654321;\n123456789\t555 ')).toEqual({
      ids: ['123456789', '987654321', '555'],
      tooLong: [],
    });
  });

  it('finds nothing in blank input', () => {
    expect(parsePeerIds(' ,\n ')).toEqual({ ids: [], tooLong: [] });
  });

  it('points out pieces too long to be an ID', () => {
    const long = '9'.repeat(MAX_PEER_ID_LENGTH + 1);
    expect(parsePeerIds(`1 ${long}`).tooLong).toEqual([long]);
  });
});
