import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../components/list/FilterBar';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { PageHeader } from '../../components/PageHeader';
import { AccessRulesDialog, type AccessSection } from './AccessRulesDialog';
import { type IncomingAccess, incomingAccessChanges, incomingAccessOf } from './access-rules';
import { DeleteGroupDialog } from './DeleteGroupDialog';
import { DeviceGroupMembersDrawer } from './DeviceGroupMembersDrawer';
import { GroupFormDialog } from './GroupFormDialog';
import { groupColumns, membersColumn, NameFilterField } from './group-columns';
import { type DeviceGroup, deviceGroupsKey, GROUP_FILTER_KEYS, type GroupFilters } from './groups-api';
import { RuleTags } from './RuleTags';

type Open = { kind: 'create' } | { kind: 'edit' | 'access' | 'members' | 'delete'; group: DeviceGroup };

/** Groups → Device groups (administrators): the groups, who may reach their devices, and their devices. */
export default function DeviceGroupsPage() {
  const { t } = useTranslation();
  const list = usePagedList<DeviceGroup, GroupFilters>({
    path: '/api/device-groups',
    queryKey: deviceGroupsKey,
    filterKeys: GROUP_FILTER_KEYS,
  });
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);
  const target = (kind: 'edit' | 'access' | 'members' | 'delete') =>
    open?.kind === kind ? open.group : null;

  const sections: AccessSection<IncomingAccess>[] = [
    {
      title: t('groups.accessedFrom'),
      help: t('groups.deviceAccessedFromHelp'),
      fields: [
        { name: 'fromUserGroups', kind: 'userGroup', label: t('groups.userGroupsField') },
        { name: 'fromUsers', kind: 'user', label: t('groups.usersField') },
      ],
    },
  ];

  const columns = groupColumns<DeviceGroup>(
    t,
    [
      membersColumn<DeviceGroup>(
        t('groups.deviceCount'),
        (group) => group.device_count,
        (group) => setOpen({ kind: 'members', group }),
        (group) => t('groups.devicesOf', { name: group.name }),
      ),
      {
        title: t('groups.accessedFrom'),
        key: 'incomings',
        render: (_, group) => <RuleTags rules={group.allowed_incomings} />,
      },
      {
        title: t('groups.strategy'),
        dataIndex: 'strategy_name',
        render: (name: string | null) => name ?? '-',
      },
    ],
    [
      { label: t('groups.edit'), onClick: (group) => setOpen({ kind: 'edit', group }) },
      { label: t('groups.access'), onClick: (group) => setOpen({ kind: 'access', group }) },
      { label: t('groups.devices'), onClick: (group) => setOpen({ kind: 'members', group }) },
      { label: t('groups.delete'), danger: true, onClick: (group) => setOpen({ kind: 'delete', group }) },
    ],
  );

  const editing = target('edit');
  const access = target('access');
  return (
    <>
      <PageHeader
        title={t('groups.deviceTitle')}
        subtitle={t('groups.deviceSubtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'create' })}>
            {t('groups.newDeviceGroup')}
          </Button>
        }
      />
      <FilterBar list={list} name="group-filter">
        <NameFilterField />
      </FilterBar>
      <PagedTable<DeviceGroup, GroupFilters>
        list={list}
        columns={columns}
        rowKey="guid"
        title={t('groups.deviceList')}
        columnChoice={{ page: 'device-groups' }}
      />
      <GroupFormDialog
        resource="device-groups"
        open={open?.kind === 'create' || editing !== null}
        group={editing}
        title={editing ? t('groups.editDeviceGroup', { name: editing.name }) : t('groups.newDeviceGroup')}
        onClose={close}
      />
      <AccessRulesDialog<IncomingAccess>
        resource="device-groups"
        group={access}
        title={access ? t('groups.deviceAccessOf', { name: access.name }) : ''}
        sections={sections}
        initialValues={access ? incomingAccessOf(access) : undefined}
        changes={(values) => (access ? incomingAccessChanges(access, values) : {})}
        onClose={close}
      />
      <DeviceGroupMembersDrawer group={target('members')} onClose={close} />
      <DeleteGroupDialog
        resource="device-groups"
        group={target('delete')}
        text={t('groups.deviceDeleteText')}
        onClose={close}
      />
    </>
  );
}
