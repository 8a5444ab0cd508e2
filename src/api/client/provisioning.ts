import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { manage } from '../../http/access.js';
import { Forbidden } from '../../http/errors.js';

const Text = (description: string) => Type.Optional(Type.String({ maxLength: 1024, description }));

const AssignBody = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  uuid: Type.Optional(Type.String({ maxLength: 256 })),
  user_name: Text('assign to this user'),
  strategy_name: Text('assign this strategy'),
  address_book_name: Text('add to this shared address book'),
  address_book_tag: Text('with this tag'),
  address_book_alias: Text('with this alias'),
  address_book_password: Text('with this password'),
  address_book_note: Text('with this note'),
  device_group_name: Text('put in this device group'),
  note: Text('device note'),
  device_username: Text('device username shown in the console'),
  device_name: Text('device name shown in the console'),
});

/** `rustdesk --assign` and `rustdesk --deploy` with an API token (client-api.md §11). */
const provisioningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/devices/cli',
    {
      config: { access: manage('device:rw') },
      schema: {
        summary: 'rustdesk --assign: set a device user, strategy, group, address book, note, names',
        body: AssignBody,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const given = [
        b.user_name,
        b.strategy_name,
        b.address_book_name,
        b.device_group_name,
        b.note,
        b.device_username,
        b.device_name,
      ];
      if (given.every((value) => value === undefined)) throw new Forbidden('nothing_to_assign');
      await app.services.provisioning.assign({
        id: b.id,
        uuid: b.uuid ?? '',
        names: {
          userName: b.user_name,
          strategyName: b.strategy_name,
          deviceGroupName: b.device_group_name,
          note: b.note,
          deviceName: b.device_name,
          deviceUsername: b.device_username,
        },
        ...(b.address_book_name
          ? {
              addressBook: {
                name: b.address_book_name,
                tag: b.address_book_tag,
                alias: b.address_book_alias,
                password: b.address_book_password,
                note: b.address_book_note,
              },
            }
          : {}),
      });
      // The client prints any non-empty body as an error and "Done!" for an empty one.
      return reply.send();
    },
  );

  app.post(
    '/api/devices/deploy',
    {
      config: { access: manage('device:rw') },
      schema: {
        summary: 'rustdesk --deploy: register a device when the server requires deployment',
        body: Type.Object({
          id: Type.String({ maxLength: 64 }),
          uuid: Type.String({ maxLength: 256 }),
          pk: Type.String({ maxLength: 256, description: 'base64 ed25519 public key (32 bytes)' }),
        }),
        response: {
          200: Type.Object({ result: Type.Enum(['OK', 'NOT_ENABLED', 'INVALID_INPUT', 'ID_TAKEN']) }),
        },
      },
    },
    async (request) => {
      return { result: await app.services.provisioning.deploy(request.body) };
    },
  );
};

export default provisioningRoutes;
