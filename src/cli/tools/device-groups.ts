import { actOnEach } from '../manage/bulk.js';
import { UsageError } from '../manage/errors.js';
import { fuzzy, splitList } from '../manage/filters.js';
import {
  accessRuleFlag,
  formatAccessRules,
  type GroupRow,
  groupByName,
  groupColumns,
  groupsByNames,
  parseAccessRules,
} from '../manage/groups.js';
import { printList, printOutcome } from '../manage/output.js';
import type { CommandContext, CommandSpec, ToolSpec } from '../manage/tool.js';
import { DEVICE_COLUMNS, type DeviceRow } from './devices.js';

const PATH = '/api/device-groups';

interface DeviceGroupRow extends GroupRow {
  device_count: number;
  strategy_name: string | null;
}

const COLUMNS = groupColumns<DeviceGroupRow>([
  { key: 'device_count', title: 'DEVICES' },
  { key: 'allowed_incomings', title: 'ACCESSED FROM', format: formatAccessRules },
  { key: 'strategy_name', title: 'STRATEGY' },
]);

const ACCESSED_FROM = accessRuleFlag(
  'accessed-from',
  'who may reach the devices of this group: type 0 = user group, 2 = user',
  '[{"type":0,"name":"Support"}]',
);

/** note / allowed_incomings from the flags that were given. */
function groupFields(context: CommandContext): Record<string, unknown> {
  const note = context.flags.string('note');
  const from = context.flags.string('accessed-from');
  return {
    ...(note !== undefined ? { note } : {}),
    ...(from !== undefined ? { allowed_incomings: parseAccessRules('accessed-from', from, [0, 2]) } : {}),
  };
}

/** add-devices and remove-devices: the body is the devices' RustDesk IDs, which the server resolves. */
function membershipCommand(adding: boolean): CommandSpec {
  const name = adding ? 'add-devices' : 'remove-devices';
  return {
    name,
    summary: adding
      ? 'Put devices into a device group (they leave any other group)'
      : 'Take devices out of a device group',
    description: 'Unknown device IDs: the server names them and changes nothing.',
    flags: [
      { name: 'name', description: 'device group name, exact', required: true },
      { name: 'ids', description: 'RustDesk IDs of the devices, separated by commas', required: true },
    ],
    examples: [`rdconsole device-groups ${name} --name Production --ids 123456789,987654321`],
    async run(context) {
      const ids = splitList(context.flags.requireString('ids'));
      if (ids.length === 0) throw new UsageError('--ids is required (device IDs separated by commas)');
      const group = await groupByName<DeviceGroupRow>(context, PATH, context.flags.requireString('name'));
      const answer = await context.api.request<{ count?: number } | undefined>(
        adding ? 'POST' : 'DELETE',
        adding ? `${PATH}/${group.guid}` : `${PATH}/${group.guid}/devices`,
        { body: ids },
      );
      const count = answer?.count ?? ids.length;
      printOutcome(
        context.io,
        context.json,
        adding
          ? `Success: Added ${count} device(s) to device group '${group.name}'`
          : `Success: Removed ${count} device(s) from device group '${group.name}'`,
        { group: group.name, ids, count },
      );
      return 0;
    },
  };
}

export const deviceGroupsTool: ToolSpec = {
  name: 'device-groups',
  aliases: ['device_group', 'device-group'],
  summary: 'Manage device groups and who may reach them (like device_group.py)',
  description: [
    '--name is a device group name, matched exactly (% is a wildcard in view). Devices are given by their',
    'RustDesk IDs. The API token needs the Device Group permission (view-devices: Device).',
  ].join('\n'),
  commands: [
    {
      name: 'view',
      summary: 'List device groups',
      flags: [{ name: 'name', description: 'group name, exact (or a pattern with % wildcards)' }],
      examples: ['rdconsole device-groups view', 'rdconsole device-groups view --name Production --json'],
      async run(context) {
        const name = context.flags.string('name');
        const groups = await context.api.listAll<DeviceGroupRow>(PATH, { name: name || undefined });
        printList(context.io, context.json, groups, COLUMNS, 'Found 0 device groups');
        return 0;
      },
    },
    {
      name: 'add',
      summary: 'Create a device group',
      flags: [
        { name: 'name', description: 'name of the new group', required: true },
        { name: 'note', description: 'a note about the group' },
        ACCESSED_FROM,
      ],
      examples: [
        'rdconsole device-groups add --name Production',
        'rdconsole device-groups add --name DevServers --accessed-from \'[{"type":0,"name":"Engineering"}]\'',
      ],
      async run(context) {
        const fields = groupFields(context);
        const created = await context.api.request<DeviceGroupRow>('POST', PATH, {
          body: { name: context.flags.requireString('name'), ...fields },
        });
        printOutcome(context.io, context.json, `Success: Device group '${created.name}' created`, created);
        return 0;
      },
    },
    {
      name: 'update',
      summary: 'Rename a device group, change its note, or replace who may reach it',
      description: "A given rule list replaces the old one; '[]' removes them all.",
      flags: [
        { name: 'name', description: 'the group to change (exact name)', required: true },
        { name: 'new-name', description: 'its new name' },
        { name: 'note', description: 'its new note' },
        ACCESSED_FROM,
      ],
      examples: [
        'rdconsole device-groups update --name Production --new-name Servers',
        'rdconsole device-groups update --name Production --accessed-from \'[{"type":2,"name":"mike"}]\'',
      ],
      async run(context) {
        const newName = context.flags.string('new-name');
        const body = { ...(newName !== undefined ? { name: newName } : {}), ...groupFields(context) };
        if (Object.keys(body).length === 0) {
          throw new UsageError('nothing to change: give --new-name, --note or --accessed-from');
        }
        const group = await groupByName<DeviceGroupRow>(context, PATH, context.flags.requireString('name'));
        const updated = await context.api.request<DeviceGroupRow>('PATCH', `${PATH}/${group.guid}`, { body });
        printOutcome(context.io, context.json, `Success: Device group '${updated.name}' updated`, updated);
        return 0;
      },
    },
    {
      name: 'delete',
      summary: 'Delete device groups (their devices become ungrouped)',
      flags: [
        { name: 'name', description: 'group name, exact; several separated by commas', required: true },
      ],
      examples: [
        'rdconsole device-groups delete --name Production',
        'rdconsole device-groups delete --name "Old 1,Old 2"',
      ],
      async run(context) {
        const groups = await groupsByNames<DeviceGroupRow>(
          context,
          PATH,
          context.flags.requireString('name'),
        );
        await actOnEach(context, groups, {
          label: 'Deleting',
          nameOf: (group) => group.name,
          act: (group) => context.api.request('DELETE', `${PATH}/${group.guid}`),
        });
        const names = groups.map((g) => g.name);
        printOutcome(context.io, context.json, `Success: Deleted device group(s) ${names.join(', ')}`, {
          deleted: names,
        });
        return 0;
      },
    },
    {
      name: 'view-devices',
      summary: 'List the devices of a device group',
      flags: [
        { name: 'name', description: 'device group name, exact (all devices when left out)' },
        { name: 'id', description: 'only IDs containing this (% is a wildcard, "-" matches empty)' },
        { name: 'device-name', description: 'only device names containing this' },
        { name: 'user-name', description: 'only devices of users whose name contains this' },
        { name: 'device-username', description: 'only devices whose OS user name contains this' },
      ],
      examples: [
        'rdconsole device-groups view-devices --name Production',
        'rdconsole device-groups view-devices --name Production --user-name mike --json',
      ],
      async run(context) {
        const { flags } = context;
        const devices = await context.api.listAll<DeviceRow>('/api/devices', {
          device_group_name: flags.string('name') || undefined,
          id: fuzzy(flags.string('id')),
          device_name: fuzzy(flags.string('device-name')),
          user_name: fuzzy(flags.string('user-name')),
          device_username: fuzzy(flags.string('device-username')),
        });
        printList(context.io, context.json, devices, DEVICE_COLUMNS, 'Found 0 devices');
        return 0;
      },
    },
    membershipCommand(true),
    membershipCommand(false),
  ],
};
