import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../components/list/FilterBar';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { PageHeader } from '../../components/PageHeader';
import { AccessRulesDialog, type AccessSection } from './AccessRulesDialog';
import { type UserGroupAccess, userGroupAccessChanges, userGroupAccessOf } from './access-rules';
import { DeleteGroupDialog } from './DeleteGroupDialog';
import { GroupFormDialog } from './GroupFormDialog';
import { groupColumns, membersColumn, NameFilterField } from './group-columns';
import { GROUP_FILTER_KEYS, type GroupFilters, type UserGroup, userGroupsKey } from './groups-api';
import { RuleTags } from './RuleTags';
import { UserGroupMembersDrawer } from './UserGroupMembersDrawer';

type Open = { kind: 'create' } | { kind: 'edit' | 'access' | 'members' | 'delete'; group: UserGroup };

/** Groups → User groups (administrators): the groups, their cross-group access rules and members. */
export default function UserGroupsPage() {
  const { t } = useTranslation();
  const list = usePagedList<UserGroup, GroupFilters>({
    path: '/api/user-groups',
    queryKey: userGroupsKey,
    filterKeys: GROUP_FILTER_KEYS,
  });
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);
  const target = (kind: 'edit' | 'access' | 'members' | 'delete') =>
    open?.kind === kind ? open.group : null;

  const sections: AccessSection<UserGroupAccess>[] = [
    {
      title: t('groups.canAccess'),
      help: t('groups.canAccessHelp'),
      fields: [
        { name: 'toUserGroups', kind: 'userGroup', label: t('groups.userGroupsField') },
        { name: 'toDeviceGroups', kind: 'deviceGroup', label: t('groups.deviceGroupsField') },
      ],
    },
    {
      title: t('groups.accessedFrom'),
      help: t('groups.accessedFromHelp'),
      fields: [
        { name: 'fromUserGroups', kind: 'userGroup', label: t('groups.userGroupsField') },
        { name: 'fromUsers', kind: 'user', label: t('groups.usersField') },
      ],
    },
  ];

  const columns = groupColumns<UserGroup>(
    t,
    [
      membersColumn<UserGroup>(
        t('groups.userCount'),
        (group) => group.user_count,
        (group) => setOpen({ kind: 'members', group }),
        (group) => t('groups.usersOf', { name: group.name }),
      ),
      {
        title: t('groups.canAccess'),
        key: 'outgoings',
        render: (_, group) => <RuleTags rules={group.allowed_outgoings} />,
      },
      {
        title: t('groups.accessedFrom'),
        key: 'incomings',
        render: (_, group) => <RuleTags rules={group.allowed_incomings} />,
      },
    ],
    [
      { label: t('groups.edit'), onClick: (group) => setOpen({ kind: 'edit', group }) },
      { label: t('groups.access'), onClick: (group) => setOpen({ kind: 'access', group }) },
      { label: t('groups.members'), onClick: (group) => setOpen({ kind: 'members', group }) },
      { label: t('groups.delete'), danger: true, onClick: (group) => setOpen({ kind: 'delete', group }) },
    ],
  );

  const editing = target('edit');
  const access = target('access');
  return (
    <>
      <PageHeader
        title={t('groups.userTitle')}
        subtitle={t('groups.userSubtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'create' })}>
            {t('groups.newUserGroup')}
          </Button>
        }
      />
      <FilterBar list={list} name="group-filter">
        <NameFilterField />
      </FilterBar>
      <PagedTable<UserGroup, GroupFilters>
        list={list}
        columns={columns}
        rowKey="guid"
        title={t('groups.userList')}
        columnChoice={{ page: 'user-groups' }}
      />
      <GroupFormDialog
        resource="user-groups"
        open={open?.kind === 'create' || editing !== null}
        group={editing}
        title={editing ? t('groups.editUserGroup', { name: editing.name }) : t('groups.newUserGroup')}
        onClose={close}
      />
      <AccessRulesDialog<UserGroupAccess>
        resource="user-groups"
        group={access}
        title={access ? t('groups.accessOf', { name: access.name }) : ''}
        sections={sections}
        initialValues={access ? userGroupAccessOf(access) : undefined}
        changes={(values) => (access ? userGroupAccessChanges(access, values) : {})}
        onClose={close}
      />
      <UserGroupMembersDrawer group={target('members')} onClose={close} />
      <DeleteGroupDialog
        resource="user-groups"
        group={target('delete')}
        text={t('groups.userDeleteText')}
        onClose={close}
      />
    </>
  );
}
