import { MailOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { errorText } from '../../components/error-text';
import { FilterBar } from '../../components/list/FilterBar';
import { PatternFilter } from '../../components/list/filter-fields';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { PageHeader } from '../../components/PageHeader';
import { AssignDevicesDialog } from './AssignDevicesDialog';
import { CreateUserDialog } from './CreateUserDialog';
import { DeleteUsersDialog } from './DeleteUsersDialog';
import { EditUserDrawer } from './EditUserDrawer';
import { InviteUserDialog } from './InviteUserDialog';
import { UserGroupSelect } from './UserGroupSelect';
import { type RowAction, USER_COLUMN_CHOICE, userColumns } from './user-columns';
import {
  type ManagedUser,
  USER_FILTER_KEYS,
  type UserAction,
  type UserFilters,
  useResendInvitation,
  usersKey,
  useUserAction,
} from './users-api';

/** What is said when an action is done. */
const DONE = {
  enable: 'users.enabled',
  disable: 'users.disabled',
  'force-logout': 'users.loggedOut',
  delete: 'users.deleted',
} as const;

/** The confirmations (deleting has its own dialog). */
const CONFIRM = {
  enable: { title: 'users.confirmEnable', text: undefined, ok: 'users.enable' },
  disable: { title: 'users.confirmDisable', text: 'users.confirmDisableText', ok: 'users.disable' },
  'force-logout': {
    title: 'users.confirmForceLogout',
    text: 'users.confirmForceLogoutText',
    ok: 'users.forceLogout',
  },
} as const;

/** Users (administrators): the accounts, their groups and rights, and what can be done to them. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useSessionUser();
  const list = usePagedList<ManagedUser, UserFilters>({
    path: '/api/users',
    queryKey: usersKey,
    filterKeys: USER_FILTER_KEYS,
  });
  const action = useUserAction();
  const [selected, setSelected] = useState<ManagedUser[]>([]);
  const [creating, setCreating] = useState(false);
  const [inviting, setInviting] = useState(false);
  const resend = useResendInvitation();
  const [editing, setEditing] = useState<ManagedUser | null>(null);
  const [assigningTo, setAssigningTo] = useState<ManagedUser | null>(null);
  const [deleting, setDeleting] = useState<ManagedUser[]>([]);

  /** A user by name, or several by number. */
  const who = (users: ManagedUser[]) =>
    users.length === 1 ? (users[0]?.name ?? '') : t('users.countUsers', { count: users.length });

  /**
   * Runs an action on all these users (the server does it for all or none) and says what happened; a
   * refusal names the users it concerns. Resolves with whether it was done; deleted users leave the
   * selection, the others stay (the table refreshes their state).
   */
  const run = async (kind: UserAction, users: ManagedUser[]): Promise<boolean> => {
    try {
      await action.mutateAsync({ action: kind, users });
    } catch (error) {
      modal.error({
        title: t('users.refused', { who: who(users) }),
        content: errorText(error, t),
        okText: t('common.close'),
      });
      return false;
    }
    void message.success(t(DONE[kind], { who: who(users) }));
    if (kind === 'delete') {
      const deleted = new Set(users.map((user) => user.guid));
      setSelected((current) => current.filter((user) => !deleted.has(user.guid)));
    }
    return true;
  };

  const confirm = (kind: keyof typeof CONFIRM, users: ManagedUser[]) => {
    const { title, text, ok } = CONFIRM[kind];
    const includesMe = kind !== 'enable' && users.some((user) => user.guid === me.guid);
    modal.confirm({
      title: t(title, { who: who(users) }),
      content: (
        <>
          {text && <Typography.Paragraph>{t(text)}</Typography.Paragraph>}
          {includesMe && <Typography.Text type="warning">{t('users.includesYou')}</Typography.Text>}
        </>
      ),
      okText: t(ok),
      okButtonProps: { danger: kind !== 'enable' },
      cancelText: t('common.cancel'),
      onOk: () => run(kind, users),
    });
  };

  const onRowAction = (kind: RowAction, user: ManagedUser) => {
    if (kind === 'edit') setEditing(user);
    else if (kind === 'assign-devices') setAssigningTo(user);
    else if (kind === 'delete') setDeleting([user]);
    else if (kind === 'resend-invitation')
      resend.mutate(user, {
        onSuccess: () => void message.success(t('users.invitationResent', { who: user.name })),
        onError: (error) =>
          modal.error({
            title: t('users.refused', { who: user.name }),
            content: errorText(error, t),
            okText: t('common.close'),
          }),
      });
    else confirm(kind, [user]);
  };

  const columns = userColumns({ t, meGuid: me.guid, onAction: onRowAction });

  const bulkActions = selected.length > 0 && (
    <Space wrap>
      <Typography.Text type="secondary">{t('devices.selected', { count: selected.length })}</Typography.Text>
      <Button onClick={() => confirm('enable', selected)}>{t('users.enable')}</Button>
      <Button onClick={() => confirm('disable', selected)}>{t('users.disable')}</Button>
      <Button onClick={() => confirm('force-logout', selected)}>{t('users.forceLogout')}</Button>
      <Button danger onClick={() => setDeleting(selected)}>
        {t('users.delete')}
      </Button>
    </Space>
  );

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Space>
            <Button icon={<MailOutlined />} onClick={() => setInviting(true)}>
              {t('users.invite')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('users.create')}
            </Button>
          </Space>
        }
      />
      {/* Its name keeps the filters' field ids apart from the Create dialog's fields. */}
      <FilterBar list={list} name="users-filter">
        <PatternFilter name="name" label={t('users.name')} help={t('users.wildcardHelp')} />
        <PatternFilter name="email" label={t('users.email')} help={t('users.wildcardHelp')} />
        <Form.Item name="group_name" label={t('users.group')}>
          <UserGroupSelect label={t('users.group')} anyLabel={t('devices.any')} width={180} />
        </Form.Item>
        <Form.Item name="status" label={t('users.status')}>
          <Select
            style={{ width: 140 }}
            aria-label={t('users.status')}
            options={[
              { value: '', label: t('devices.any') },
              { value: '1', label: t('users.statusEnabled') },
              { value: '0', label: t('users.statusDisabled') },
              { value: '-1', label: t('users.statusUnverified') },
            ]}
          />
        </Form.Item>
      </FilterBar>
      <PagedTable<ManagedUser, UserFilters>
        list={list}
        rowKey="guid"
        columns={columns}
        title={t('users.list')}
        actions={bulkActions}
        selection={{ selected, onChange: setSelected }}
        columnChoice={USER_COLUMN_CHOICE}
      />
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <InviteUserDialog open={inviting} onClose={() => setInviting(false)} />
      <EditUserDrawer
        // The row as the list now holds it: changes applied at once in the drawer show there.
        user={list.query.data?.data.find((user) => user.guid === editing?.guid) ?? editing}
        onClose={() => setEditing(null)}
      />
      <AssignDevicesDialog user={assigningTo} onClose={() => setAssigningTo(null)} />
      <DeleteUsersDialog
        users={deleting}
        who={who}
        open={deleting.length > 0}
        pending={action.isPending}
        onClose={() => setDeleting([])}
        onDelete={(users) => void run('delete', users).then(() => setDeleting([]))}
        onDisable={(users) =>
          void run('disable', users).then((done) => {
            if (!done) return;
            const disabled = new Set(users.map((user) => user.guid));
            setDeleting((current) =>
              current.map((user) => (disabled.has(user.guid) ? { ...user, status: 0 } : user)),
            );
          })
        }
      />
    </>
  );
}
