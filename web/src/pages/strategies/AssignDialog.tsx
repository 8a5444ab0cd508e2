import { CloseOutlined } from '@ant-design/icons';
import { App, Badge, Button, Flex, Modal, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../components/list/CellText';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { DevicePicker } from '../devices/DevicePicker';
import type { Device } from '../devices/devices-api';
import {
  type AssignRequest,
  assignRequest,
  deviceOwnStrategy,
  ownStrategyOf,
  requestSize,
  selectedCount,
  type TargetKind,
  type TargetSelection,
  unassignRequest,
} from './assignment';
import { type Strategy, useAssignStrategy, useStrategy } from './strategies-api';
import { TargetTable } from './TargetTable';

/** A row of GET /api/users, as far as this dialog reads it. */
interface UserRow {
  guid: string;
  name: string;
  email: string;
  group_name: string;
  strategy_name: string;
}

/** A row of GET /api/device-groups, as far as this dialog reads it. */
interface DeviceGroupRow {
  guid: string;
  name: string;
  device_count: number;
  strategy_name: string | null;
}

/** The rows ticked in each tab. */
interface SelectedRows {
  devices: Device[];
  users: UserRow[];
  deviceGroups: DeviceGroupRow[];
}

const NO_ROWS: SelectedRows = { devices: [], users: [], deviceGroups: [] };

/** How many directly given targets of each kind are shown as tags before "+N more". */
const SHOWN = 20;

/** A text cell of the dialog's lists, cut at `width` pixels. */
const cell = (width: number) => (value: string | null) => <CellText text={value} width={width} />;

/** The column of a user's or device group's own strategy; this dialog's strategy stands out. */
function ownStrategyColumn<T extends { strategy_name: string | null }>(
  title: string,
  current: string,
): TableColumnsType<T>[number] {
  return {
    title,
    key: 'strategy',
    render: (_, row) => {
      const own = ownStrategyOf(row);
      return own === current ? (
        <Tag color="blue">
          <CellText text={own} width={160} />
        </Tag>
      ) : (
        <CellText text={own} width={160} />
      );
    },
  };
}

/**
 * Assign a strategy to devices, users and device groups, or take it away: one tab per kind, each the
 * management API's list with its filters, a selection kept across tabs and pages, and the targets given
 * the strategy directly, each of which can be taken off.
 */
export function AssignDialog({
  strategy,
  tab,
  onTab,
  onClose,
}: {
  strategy: Strategy;
  tab: TargetKind;
  onTab: (tab: TargetKind) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useStrategy(strategy.guid);
  const assign = useAssignStrategy();
  const [rows, setRows] = useState<SelectedRows>(NO_ROWS);
  const selection: TargetSelection = {
    devices: rows.devices.map((device) => ({ guid: device.guid, ownStrategy: deviceOwnStrategy(device) })),
    users: rows.users.map((user) => ({ guid: user.guid, ownStrategy: ownStrategyOf(user) })),
    deviceGroups: rows.deviceGroups.map((group) => ({ guid: group.guid, ownStrategy: ownStrategyOf(group) })),
  };
  const closeButton = useRef<HTMLButtonElement>(null);

  const name = strategy.name;

  const send = (request: AssignRequest, done: 'strategies.assigned' | 'strategies.unassigned') =>
    assign.mutate(request, {
      onSuccess: () => {
        void message.success(t(done, { count: requestSize(request) }));
        setRows(NO_ROWS);
        // The button just used is disabled with the selection gone: keep the focus (and Esc) in the dialog.
        closeButton.current?.focus();
      },
    });

  const unassignSelected = () => {
    const request = unassignRequest(name, selection);
    if (requestSize(request) === 0) {
      void message.warning(t('strategies.nothingToUnassign'));
      return;
    }
    send(request, 'strategies.unassigned');
  };

  const select =
    <K extends TargetKind>(kind: K) =>
    (selected: SelectedRows[K]) =>
      setRows((previous) => ({ ...previous, [kind]: selected }));

  const sources = {
    device: t('devices.sourceDevice'),
    user: t('devices.sourceUser'),
    device_group: t('devices.sourceDeviceGroup'),
  };

  const tabLabel = (label: string, selected: number) => (
    <Flex gap={6} align="center">
      {label}
      <Badge count={selected} size="small" color="blue" />
    </Flex>
  );

  const tabs = [
    {
      key: 'devices' as const,
      label: tabLabel(t('strategies.tabDevices'), selection.devices.length),
      children: (
        <DevicePicker
          name="strategy-targets-devices"
          extraColumns={[
            {
              title: t('devices.strategy'),
              key: 'strategy',
              render: (_, device) =>
                device.strategy_name ? (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {device.strategy_name === name ? (
                      <Tag color="blue">
                        <CellText text={device.strategy_name} width={160} />
                      </Tag>
                    ) : (
                      <CellText text={device.strategy_name} width={160} />
                    )}{' '}
                    {device.strategy_source && (
                      <Typography.Text type="secondary">({sources[device.strategy_source]})</Typography.Text>
                    )}
                  </span>
                ) : (
                  '-'
                ),
            },
          ]}
          selected={rows.devices}
          onChange={select('devices')}
        />
      ),
    },
    {
      key: 'users' as const,
      label: tabLabel(t('strategies.tabUsers'), selection.users.length),
      children: (
        <TargetTable<UserRow>
          kind="users"
          path="/api/users"
          fields={[
            { name: 'name', label: t('strategies.userName') },
            { name: 'group_name', label: t('devices.userGroup') },
            { name: 'email', label: t('strategies.email') },
          ]}
          columns={[
            { title: t('strategies.userName'), dataIndex: 'name', render: cell(160) },
            { title: t('devices.userGroup'), dataIndex: 'group_name', render: cell(140) },
            { title: t('strategies.email'), dataIndex: 'email', render: cell(180) },
            ownStrategyColumn<UserRow>(t('strategies.ownStrategy'), name),
          ]}
          selected={rows.users}
          onSelect={select('users')}
        />
      ),
    },
    {
      key: 'deviceGroups' as const,
      label: tabLabel(t('strategies.tabDeviceGroups'), selection.deviceGroups.length),
      children: (
        <TargetTable<DeviceGroupRow>
          kind="deviceGroups"
          path="/api/device-groups"
          fields={[{ name: 'name', label: t('strategies.groupName') }]}
          columns={[
            { title: t('strategies.groupName'), dataIndex: 'name', render: cell(220) },
            { title: t('strategies.groupDevices'), dataIndex: 'device_count' },
            ownStrategyColumn<DeviceGroupRow>(t('strategies.ownStrategy'), name),
          ]}
          selected={rows.deviceGroups}
          onSelect={select('deviceGroups')}
        />
      ),
    },
  ];

  const direct = detail.data;
  const takeAway = (label: string, request: AssignRequest) => (
    <Tag
      key={`${request.peers[0] ?? ''}${request.users[0] ?? ''}${request.groups[0] ?? ''}`}
      closable
      closeIcon={<CloseOutlined aria-label={t('strategies.takeAway', { target: label })} />}
      onClose={(event) => {
        event.preventDefault();
        send(request, 'strategies.unassigned');
      }}
    >
      {label}
    </Tag>
  );
  const more = (count: number) =>
    count > SHOWN && <Tag bordered={false}>{t('strategies.moreTargets', { count: count - SHOWN })}</Tag>;
  const count = selectedCount(selection);

  return (
    <Modal
      open
      title={t('strategies.assignTitle', { name })}
      onCancel={onClose}
      width="min(1100px, 100vw)"
      keyboard
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex gap={8} align="center">
            <Typography.Text type="secondary">{t('strategies.selected', { count })}</Typography.Text>
            {count > 0 && (
              <Button type="link" size="small" onClick={() => setRows(NO_ROWS)}>
                {t('strategies.clearSelection')}
              </Button>
            )}
          </Flex>
          <Flex gap={8} wrap>
            <Button ref={closeButton} onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button disabled={count === 0} loading={assign.isPending} onClick={unassignSelected}>
              {t('strategies.unassignSelected')}
            </Button>
            <Button
              type="primary"
              disabled={count === 0}
              loading={assign.isPending}
              onClick={() => send(assignRequest(strategy.guid, selection), 'strategies.assigned')}
            >
              {t('strategies.assignSelected')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <ServerErrorAlert error={assign.error ?? detail.error} />
      <Typography.Paragraph type="secondary">{t('strategies.assignHelp')}</Typography.Paragraph>
      {direct && (
        <div style={{ marginBottom: 8 }} data-testid="given-directly">
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {t('strategies.givenDirectly', {
              devices: direct.devices.length,
              users: direct.users.length,
              groups: direct.device_groups.length,
            })}
          </Typography.Paragraph>
          <Flex gap={4} wrap>
            {direct.devices
              .slice(0, SHOWN)
              .map((device) => takeAway(device.id, { peers: [device.guid], users: [], groups: [] }))}
            {more(direct.devices.length)}
            {direct.users
              .slice(0, SHOWN)
              .map((user) => takeAway(user.name, { peers: [], users: [user.guid], groups: [] }))}
            {more(direct.users.length)}
            {direct.device_groups
              .slice(0, SHOWN)
              .map((group) => takeAway(group.name, { peers: [], users: [], groups: [group.guid] }))}
            {more(direct.device_groups.length)}
          </Flex>
        </div>
      )}
      <Tabs activeKey={tab} onChange={(key) => onTab(key as TargetKind)} items={tabs} />
    </Modal>
  );
}
