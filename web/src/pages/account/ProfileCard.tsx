import { App, Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUpdateAccount } from '../../api/account';
import type { CurrentUser } from '../../api/types';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';

interface ProfileValues {
  display_name: string;
  email: string;
}

export function ProfileCard({ user }: { user: CurrentUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileValues>();
  const update = useUpdateAccount(user.guid);

  return (
    <Card title={t('account.profile')}>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('account.username')}>{user.name}</Descriptions.Item>
        <Descriptions.Item label={t('account.role')}>
          {user.is_admin ? (
            <Tag color="blue">{t('account.administrator')}</Tag>
          ) : (
            <Tag>{t('account.user')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('account.group')}>{user.group_name}</Descriptions.Item>
      </Descriptions>
      <ServerErrorAlert error={update.error} />
      <Form<ProfileValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ display_name: user.display_name, email: user.email }}
        onFinish={(values) =>
          update.mutate(
            { display_name: values.display_name.trim(), email: values.email.trim() },
            { onSuccess: () => void message.success(t('account.profileSaved')) },
          )
        }
      >
        <Form.Item name="display_name" label={t('account.displayName')} rules={[{ max: 128 }]}>
          <Input autoComplete="name" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('account.email')}
          rules={[{ type: 'email', message: t('account.emailInvalid') }]}
        >
          <Input type="email" autoComplete="email" maxLength={254} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
