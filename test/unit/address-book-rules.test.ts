import { describe, expect, it } from 'vitest';
import { parseLegacyData } from '../../src/domain/address-books/legacy-format.js';
import { platformFromOs } from '../../src/domain/address-books/presenter.js';
import {
  type BookFacts,
  type Caller,
  canRead,
  canWrite,
  effectiveRule,
  FULL_CONTROL,
  NO_ACCESS,
  READ,
  READ_WRITE,
  type RuleFacts,
} from '../../src/domain/address-books/rules.js';
import { defaultTagColor, normalizeColor } from '../../src/domain/address-books/tag-colors.js';

const OWNER = 1;
const ALICE = 2;
const ALICE_GROUP = 20;
const OTHER_GROUP = 30;

const alice: Caller = { kind: 'user', userId: ALICE, userGroupId: ALICE_GROUP, isAdmin: false };
const admin: Caller = { kind: 'user', userId: 9, userGroupId: OTHER_GROUP, isAdmin: true };
const owner: Caller = { kind: 'user', userId: OWNER, userGroupId: OTHER_GROUP, isAdmin: false };
const shared: BookFacts = { personal: false, ownerId: OWNER };
const alicesPersonal: BookFacts = { personal: true, ownerId: ALICE };

const forUser = (userId: number, rule: number): RuleFacts => ({ userId, userGroupId: null, rule });
const forGroup = (userGroupId: number, rule: number): RuleFacts => ({ userId: null, userGroupId, rule });
const forEveryone = (rule: number): RuleFacts => ({ userId: null, userGroupId: null, rule });

describe('effectiveRule(book, caller, rules)', () => {
  const table: Array<[string, BookFacts, Caller, RuleFacts[], number]> = [
    ['a personal book: its owner has full control', alicesPersonal, alice, [], FULL_CONTROL],
    ['a personal book: an administrator has nothing', alicesPersonal, admin, [], NO_ACCESS],
    ['a personal book: rules do not open it', alicesPersonal, owner, [forEveryone(3)], NO_ACCESS],
    ['a personal book: the token of its owner', alicesPersonal, { kind: 'token', creatorId: ALICE }, [], 3],
    ['a personal book: a token of someone else', alicesPersonal, { kind: 'token', creatorId: OWNER }, [], 0],
    ['shared: the owner has full control', shared, owner, [], FULL_CONTROL],
    ['shared: an administrator has full control', shared, admin, [forUser(9, 1)], FULL_CONTROL],
    ['shared: an API token has full control', shared, { kind: 'token', creatorId: ALICE }, [], FULL_CONTROL],
    ['shared: no rule, no access', shared, alice, [], NO_ACCESS],
    ['shared: rules for others only', shared, alice, [forUser(77, 3), forGroup(OTHER_GROUP, 3)], NO_ACCESS],
    ['shared: an everyone rule', shared, alice, [forEveryone(READ)], READ],
    ['shared: a group rule', shared, alice, [forGroup(ALICE_GROUP, READ_WRITE)], READ_WRITE],
    ['shared: a user rule', shared, alice, [forUser(ALICE, FULL_CONTROL)], FULL_CONTROL],
    [
      'shared: group beats everyone, even lower',
      shared,
      alice,
      [forEveryone(3), forGroup(ALICE_GROUP, 1)],
      1,
    ],
    ['shared: user beats group, even lower', shared, alice, [forGroup(ALICE_GROUP, 3), forUser(ALICE, 1)], 1],
    ['shared: user beats everyone', shared, alice, [forEveryone(2), forUser(ALICE, 1)], READ],
    ['shared: the highest of two rules of a tier', shared, alice, [forUser(ALICE, 1), forUser(ALICE, 2)], 2],
    ['shared: a stored value outside 1–3 is ignored', shared, alice, [forUser(ALICE, 7), forEveryone(1)], 1],
    ['shared: a rule of value 0 is ignored', shared, alice, [forUser(ALICE, 0)], NO_ACCESS],
  ];
  it.each(table)('%s', (_case, book, caller, rules, expected) => {
    expect(effectiveRule(book, caller, rules)).toBe(expected);
  });

  it('reading needs rule 1, writing peers and tags needs rule 2', () => {
    expect([0, 1, 2, 3].map((r) => canRead(r as 0))).toEqual([false, true, true, true]);
    expect([0, 1, 2, 3].map((r) => canWrite(r as 0))).toEqual([false, false, true, true]);
  });
});

describe('platformFromOs(os)', () => {
  it.each([
    ['windows / Windows 11 Pro - 11 (22631)', 'Windows'],
    ['linux / Ubuntu 22.04', 'Linux'],
    ['macos / macOS 14.2', 'Mac OS'],
    ['MacOS / Sonoma', 'Mac OS'],
    ['android / 14', 'Android'],
    ['ios / 17', 'iOS'],
    ['linux', 'Linux'],
    ['freebsd / 14', ''],
    ['', ''],
  ])('%j → %j', (os, platform) => {
    expect(platformFromOs(os)).toBe(platform);
  });
});

describe('tag colours', () => {
  it('named colours as ab.py picks them, unsigned 32-bit', () => {
    expect(defaultTagColor('Red')).toBe(0xffff0000);
    expect(defaultTagColor('yellow')).toBe(0xffffff00);
    expect(defaultTagColor('teal')).toBe(0xff009688);
  });

  it('other names from the 12-colour palette by the sum of their characters', () => {
    // "ab" = 97 + 98 = 195; 195 % 12 = 3 → the fourth palette colour (orange).
    expect(defaultTagColor('ab')).toBe(0xffff9800);
    expect(defaultTagColor('ab')).toBe(defaultTagColor('ba'));
  });

  it('a signed 32-bit colour is read as its unsigned value', () => {
    expect(normalizeColor(-65536)).toBe(0xffff0000);
    expect(normalizeColor(4294901760)).toBe(4294901760);
  });
});

describe('parseLegacyData(data)', () => {
  it('reads the Flutter blob with its nested tag_colors string', () => {
    const book = parseLegacyData(
      JSON.stringify({
        tags: ['work'],
        peers: [{ id: '123', alias: 'pc', tags: ['work'], hash: 'h', username: 'u', extra: 1 }],
        tag_colors: JSON.stringify({ work: 4294901760 }),
      }),
    );
    expect(book).toEqual({
      tags: ['work'],
      tagColors: new Map([['work', 4294901760]]),
      peers: [{ id: '123', alias: 'pc', tags: ['work'], hash: 'h', username: 'u' }],
    });
  });

  it('reads the Sciter blob, which has no colours and no hashes', () => {
    const book = parseLegacyData('{"tags":[],"peers":[{"id":"1","username":"","tags":[]}]}');
    expect(book.peers).toEqual([{ id: '1', username: '', tags: [] }]);
    expect(book.tagColors.size).toBe(0);
  });

  it.each([
    ['not JSON', '{nope', /data is not valid JSON/],
    ['not an object', '[1,2]', /data must encode a JSON object/],
    ['peers not an array', '{"peers":{}}', /data\.peers must be an array/],
    ['a peer without id', '{"peers":[{"alias":"x"}]}', /data\.peers\[0\]\.id/],
    ['a numeric alias', '{"peers":[{"id":"1","alias":5}]}', /data\.peers\[0\]\.alias must be a string/],
    ['tags as a string', '{"tags":"a,b"}', /data\.tags must be an array/],
    ['a numeric tag', '{"tags":[1]}', /data\.tags\[0\] must be a string/],
    ['tag_colors not JSON', '{"tag_colors":"{"}', /data\.tag_colors is not valid JSON/],
    ['a colour as text', '{"tag_colors":"{\\"a\\":\\"red\\"}"}', /data\.tag_colors\.a/],
    ['a colour above 32 bits', '{"tag_colors":"{\\"a\\":4294967296}"}', /data\.tag_colors\.a/],
  ])('refuses %s with a message naming the place', (_case, data, message) => {
    expect(() => parseLegacyData(data)).toThrow(message);
  });
});
