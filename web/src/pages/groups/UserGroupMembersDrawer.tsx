import { CrownOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Form, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../components/list/CellText';
import { PagedTable } from '../../components/list/PagedTable';
import { NamesPicker } from '../../components/NamePicker';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { type Member, type UserGroup, useAddUsers, useGroupUsers } from './groups-api';

/** The users of a user group, paged, and moving more users into it. */
export function UserGroupMembersDrawer({ group, onClose }: { group: UserGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const members = useGroupUsers(group);
  const add = useAddUsers(group?.guid ?? '');
  const [form] = Form.useForm<{ users: string[] }>();
  const { reset } = add;
  // biome-ignore lint/correctness/useExhaustiveDependencies: another group starts without the last refusal
  useEffect(() => {
    reset();
  }, [group?.guid]);

  const status = (value: number) =>
    value === 1 ? (
      <Tag color="success">{t('groups.statusNormal')}</Tag>
    ) : value === 0 ? (
      <Tag color="error">{t('groups.statusDisabled')}</Tag>
    ) : (
      <Tag color="warning">{t('groups.statusUnverified')}</Tag>
    );
  const columns: TableColumnsType<Member> = [
    {
      title: t('groups.userName'),
      dataIndex: 'name',
      render: (name: string, user) => (
        <Flex gap={6} align="center">
          <CellText text={name} width={160} />
          {user.is_admin && <CrownOutlined aria-label={t('groups.administrator')} />}
        </Flex>
      ),
    },
    {
      title: t('groups.displayName'),
      dataIndex: 'display_name',
      render: (value: string) => <CellText text={value} width={140} />,
    },
    {
      title: t('groups.email'),
      dataIndex: 'email',
      render: (value: string) => <CellText text={value} width={180} />,
    },
    { title: t('groups.status'), dataIndex: 'status', render: status },
  ];

  return (
    <Drawer
      open={group !== null}
      title={group ? t('groups.usersOf', { name: group.name }) : ''}
      onClose={onClose}
      width="min(720px, 100vw)"
      destroyOnHidden
    >
      <ServerErrorAlert error={add.error} />
      <Form
        form={form}
        name="add-users"
        layout="vertical"
        requiredMark={false}
        onFinish={({ users }) =>
          add.mutate(users, {
            onSuccess: () => {
              void message.success(t('groups.usersAdded', { count: users.length, name: group?.name ?? '' }));
              form.resetFields();
            },
          })
        }
      >
        <Form.Item label={t('groups.addUsers')} extra={t('groups.addUsersHelp')}>
          <Flex gap={8} align="flex-start">
            <Form.Item
              name="users"
              noStyle
              rules={[{ required: true, type: 'array', min: 1, message: t('groups.addUsersRequired') }]}
            >
              <NamesPicker kind="user" valueKey="guid" label={t('groups.addUsers')} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              {t('groups.add')}
            </Button>
          </Flex>
        </Form.Item>
      </Form>
      <PagedTable
        list={members}
        columns={columns}
        rowKey="guid"
        title={<Typography.Title level={5}>{t('groups.members')}</Typography.Title>}
        emptyText={t('groups.noMembers')}
        compact
      />
    </Drawer>
  );
}
