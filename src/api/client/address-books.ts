import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LIMITS, type PeerFields } from '../../domain/address-books/peer-fields.js';
import type { PeerTagFilter } from '../../domain/address-books/repository.js';
import { callerOf } from '../../domain/address-books/rules.js';
import { MAX_COLOR, MIN_COLOR } from '../../domain/address-books/tag-colors.js';
import { holdsScope, manage } from '../../http/access.js';
import { BadRequest } from '../../http/errors.js';
import { Guid, PageQuery, pageFrom } from '../schemas.js';

const READ = manage('address_book:r', { own: true });
const WRITE = manage('address_book:rw', { own: true });
export const Pattern = Type.Optional(
  Type.String({ maxLength: LIMITS.text, description: 'SQL LIKE pattern: % is the wildcard; "-" = empty' }),
);
const BookParams = Type.Object({ guid: Guid });

const nullable = <T extends Type.TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const text = (maxLength: number = LIMITS.text) => nullable(Type.String({ maxLength }));
const TagName = Type.String({ minLength: 1, maxLength: LIMITS.tagName });
const Color = Type.Integer({
  minimum: MIN_COLOR,
  maximum: MAX_COLOR,
  description: '32-bit ARGB, e.g. 4294901760 = 0xFFFF0000 (a signed 32-bit value is read as unsigned)',
});

/** A peer as the client and ab.py send it; null reads as "not given". Fields the server derives are ignored. */
const PeerBody = Type.Object({
  id: Type.String({ minLength: 1, maxLength: LIMITS.peerId, description: 'RustDesk ID' }),
  alias: text(),
  tags: nullable(Type.Array(Type.String({ maxLength: LIMITS.tagName }), { maxItems: LIMITS.tagsPerPeer })),
  note: text(LIMITS.note),
  password: text(),
  hash: text(LIMITS.hash),
  username: text(),
  hostname: text(),
  platform: text(),
  forceAlwaysRelay: nullable(Type.Union([Type.String({ maxLength: 5 }), Type.Boolean()])),
  rdpPort: nullable(Type.Union([Type.String({ maxLength: 16 }), Type.Integer()])),
  rdpUsername: text(),
  loginName: text(),
  same_server: Type.Optional(Type.Unknown({ description: 'ignored: the server knows its devices' })),
  device_group_name: Type.Optional(Type.Unknown({ description: 'ignored: from the registered device' })),
});
type PeerBodyValue = Type.Static<typeof PeerBody>;

function peerFields(body: PeerBodyValue): PeerFields {
  const given = <T>(value: T | null | undefined) => (value === null ? undefined : value);
  const relay = given(body.forceAlwaysRelay);
  const rdpPort = given(body.rdpPort);
  return {
    alias: given(body.alias),
    tags: given(body.tags),
    note: given(body.note),
    password: given(body.password),
    hash: given(body.hash),
    username: given(body.username),
    hostname: given(body.hostname),
    platform: given(body.platform),
    forceAlwaysRelay: relay === undefined ? undefined : String(relay),
    rdpPort: rdpPort === undefined ? undefined : String(rdpPort),
    rdpUsername: given(body.rdpUsername),
    loginName: given(body.loginName),
  };
}

/** Exported for the recycle bin's listing, which shows its peers the same way. */
export const Peer = Type.Object({
  id: Type.String(),
  hash: Type.Optional(Type.String({ description: 'personal book only' })),
  password: Type.Optional(Type.String({ description: 'shared books only' })),
  username: Type.String(),
  hostname: Type.String(),
  platform: Type.String(),
  alias: Type.String(),
  tags: Type.Array(Type.String()),
  note: Type.String(),
  same_server: Type.Boolean({ description: 'true when the ID is a device registered on this server' }),
  forceAlwaysRelay: Type.String({ description: '"true" or "false"' }),
  rdpPort: Type.String(),
  rdpUsername: Type.String(),
  loginName: Type.String(),
  device_group_name: Type.String(),
});

const Profile = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  owner: Type.String({ description: 'user name of the owner' }),
  note: Type.String(),
  info: Type.Object({ password: Type.Optional(Type.String({ description: 'default peer password' })) }),
  rule: Type.Integer({ description: "the caller's rule: 1 read, 2 read/write, 3 full control" }),
});

const Tag = Type.Object({
  name: Type.String(),
  color: Type.Integer({ description: '32-bit ARGB, unsigned' }),
});
const StringList = (description: string) =>
  Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 10_000, description });

/** The tag filter of the peer listing, as Server Pro's tags bar offers it. */
const TagQuery = {
  tags: Type.Optional(
    Type.String({
      maxLength: 16_384,
      description:
        'JSON array of tag names (names may hold commas), e.g. ["web","a,b"]: the peers holding any of ' +
        'them, or every one with tags_match=all. Names match exactly, case included. [] = no tag filter',
    }),
  ),
  tags_match: Type.Optional(
    Type.Union([Type.Literal('any'), Type.Literal('all')], {
      description: 'how `tags` match: any (the default) or all of them',
    }),
  ),
  untagged: Type.Optional(
    Type.Boolean({
      description: 'true: the peers with no tag; beside `tags`, those OR the peers the tags match',
    }),
  ),
};

function tagFilterFrom(query: {
  tags?: string | undefined;
  tags_match?: 'any' | 'all' | undefined;
  untagged?: boolean | undefined;
}): PeerTagFilter | undefined {
  const names = query.tags === undefined ? [] : tagNames(query.tags);
  const untagged = query.untagged === true;
  if (names.length === 0 && !untagged) return undefined;
  return { names, matchAll: query.tags_match === 'all', untagged };
}

function tagNames(json: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new BadRequest('tags_not_json');
  }
  if (!Array.isArray(value) || !value.every(isTagName)) {
    throw new BadRequest('tags_not_names');
  }
  return [...new Set(value)];
}

const isTagName = (name: unknown): name is string => typeof name === 'string' && name !== '';

/**
 * The address book of the RustDesk client (client-api.md §7.1, §7.3), also used by ab.py with an API
 * token. The four read paths answer GET (ab.py) and POST (the client). Writes answer 200 with an EMPTY
 * body: the client shows anything else, `{}` included, as an error.
 */
const addressBookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const books = app.services.addressBooks;

  app.route({
    method: ['GET', 'POST'],
    url: '/api/ab/personal',
    config: { access: READ },
    schema: {
      summary: "The guid of the caller's personal address book (a 404 here would mean legacy mode)",
      description:
        'Created on first use, except for an address_book:r token, which gets 404 until its creator ' +
        'or an address_book:rw token has made it (to the client a 404 means legacy mode).',
      response: { 200: Type.Object({ guid: Type.String() }) },
    },
    handler: async (request) => {
      const create = holdsScope(request.principal, 'address_book:rw');
      return { guid: await books.personalGuid(callerOf(request.principal), create) };
    },
  });

  app.post(
    '/api/ab/settings',
    {
      config: { access: READ },
      schema: {
        summary: 'Address book limits the client enforces, and whether the caller may share books',
        response: {
          200: Type.Object({
            max_peer_one_ab: Type.Integer({ description: '0 = no limit' }),
            can_share: Type.Boolean({
              description:
                'whether the caller may create shared books and change their rules (administrators, API ' +
                'tokens, and others while allow_non_admin_share_address_books is on)',
            }),
          }),
        },
      },
    },
    async (request) => books.settingsForClient(callerOf(request.principal)),
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/api/ab/shared/profiles',
    config: { access: READ },
    schema: {
      summary: 'The shared address books the caller can see, with the caller’s rule on each',
      querystring: Type.Object({ ...PageQuery, name: Pattern }),
      response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(Profile) }) },
    },
    handler: async (request) =>
      books.listSharedProfiles(
        callerOf(request.principal),
        { name: request.query.name },
        pageFrom(request.query),
      ),
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/ab/peers',
    config: { access: READ },
    schema: {
      summary: 'A page of the peers of an address book',
      querystring: Type.Object({ ...PageQuery, ab: Guid, id: Pattern, alias: Pattern, ...TagQuery }),
      response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(Peer) }) },
    },
    handler: async (request) => {
      const { ab, id, alias } = request.query;
      const filter = { id, alias, tags: tagFilterFrom(request.query) };
      return books.listPeers(callerOf(request.principal), ab, filter, pageFrom(request.query));
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/ab/tags/:guid',
    config: { access: READ },
    schema: {
      summary: 'The tags of an address book, as a bare array',
      params: BookParams,
      response: { 200: Type.Array(Tag) },
    },
    handler: async (request) => books.listTags(callerOf(request.principal), request.params.guid),
  });

  app.post(
    '/api/ab/peer/add/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Add one peer (409 if its ID is already there)',
        params: BookParams,
        body: PeerBody,
      },
    },
    async (request, reply) => {
      const { guid } = request.params;
      await books.addPeer(callerOf(request.principal), guid, request.body.id, peerFields(request.body));
      return reply.send();
    },
  );

  app.put(
    '/api/ab/peer/update/:guid',
    {
      config: { access: WRITE },
      schema: { summary: 'Change the given fields of one peer', params: BookParams, body: PeerBody },
    },
    async (request, reply) => {
      const { guid } = request.params;
      await books.updatePeer(callerOf(request.principal), guid, request.body.id, peerFields(request.body));
      return reply.send();
    },
  );

  app.delete(
    '/api/ab/peer/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: "Delete peers: they move to the book's recycle bin (see /api/ab/recycle-bin/{guid})",
        params: BookParams,
        body: StringList('RustDesk IDs'),
      },
    },
    async (request, reply) => {
      await books.deletePeers(callerOf(request.principal), request.params.guid, request.body);
      return reply.send();
    },
  );

  app.post(
    '/api/ab/tag/add/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Add a tag, or set the colour of the tag of that name (200 either way)',
        description:
          'Without a colour a new tag gets the one ab.py would pick, and a tag the book already has keeps its own. ' +
          'A tag the book already has is no error, so that ab.py add-tag after add-peer --tags, or a script run twice, succeeds.',
        params: BookParams,
        body: Type.Object({ name: TagName, color: Type.Optional(Color) }),
      },
    },
    async (request, reply) => {
      const { name, color } = request.body;
      await books.addTag(callerOf(request.principal), request.params.guid, name, color);
      return reply.send();
    },
  );

  app.put(
    '/api/ab/tag/rename/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Rename a tag, on the peers too (the client and the console; 404 unknown, 409 taken)',
        params: BookParams,
        body: Type.Object({ old: Type.String({ maxLength: LIMITS.tagName }), new: TagName }),
      },
    },
    async (request, reply) => {
      const { old, new: renamed } = request.body;
      await books.renameTag(callerOf(request.principal), request.params.guid, old, renamed);
      return reply.send();
    },
  );

  app.put(
    '/api/ab/tag/update/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Change the colour of a tag',
        params: BookParams,
        body: Type.Object({ name: Type.String({ maxLength: LIMITS.tagName }), color: Color }),
      },
    },
    async (request, reply) => {
      const { name, color } = request.body;
      await books.updateTagColor(callerOf(request.principal), request.params.guid, name, color);
      return reply.send();
    },
  );

  app.delete(
    '/api/ab/tag/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Delete tags, from the peers too',
        params: BookParams,
        body: StringList('tag names'),
      },
    },
    async (request, reply) => {
      await books.deleteTags(callerOf(request.principal), request.params.guid, request.body);
      return reply.send();
    },
  );
};

export default addressBookRoutes;
