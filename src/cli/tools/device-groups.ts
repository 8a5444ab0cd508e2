import { fuzzy } from '../manage/filters.js';
import {
  accessRuleFlag,
  formatAccessRules,
  type GroupRow,
  groupByName,
  groupCommands,
} from '../manage/groups.js';
import { printList, printOutcome } from '../manage/output.js';
import type { CommandSpec, ToolSpec } from '../manage/tool.js';
import { DEVICE_COLUMNS, type DeviceRow } from './devices.js';

const PATH = '/api/device-groups';

interface DeviceGroupRow extends GroupRow {
  device_count: number;
  strategy_name: string | null;
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
      const ids = context.flags.requireList('ids', 'device IDs');
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
    ...groupCommands<DeviceGroupRow>({
      tool: 'device-groups',
      noun: 'device group',
      example: 'Production',
      path: PATH,
      columns: [
        { key: 'device_count', title: 'DEVICES' },
        { key: 'allowed_incomings', title: 'ACCESSED FROM', format: formatAccessRules },
        { key: 'strategy_name', title: 'STRATEGY' },
      ],
      rules: [
        accessRuleFlag(
          'accessed-from',
          'allowed_incomings',
          [0, 2],
          'who may reach the devices of this group: type 0 = user group, 2 = user',
          '[{"type":0,"name":"Support"}]',
        ),
      ],
      summaries: {
        view: 'List device groups',
        add: 'Create a device group',
        update: 'Rename a device group, change its note, or replace who may reach it',
        delete: 'Delete device groups (their devices become ungrouped)',
      },
      updateDescription: "A given rule list replaces the old one; '[]' removes them all.",
      examples: {
        add: [
          'rdconsole device-groups add --name Production',
          'rdconsole device-groups add --name DevServers --accessed-from \'[{"type":0,"name":"Engineering"}]\'',
        ],
        update: [
          'rdconsole device-groups update --name Production --new-name Servers',
          'rdconsole device-groups update --name Production --accessed-from \'[{"type":2,"name":"mike"}]\'',
        ],
      },
    }),
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
