import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Result, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { inspectPasswordLink, type PasswordLink, setPasswordByLink } from '../../api/account';
import { errorText } from '../../components/error-text';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { PublicFrame } from './PublicFrame';

/** The most a password may have (src/domain/users/password-rules.ts). */
const MAX_PASSWORD_LENGTH = 128;

interface PasswordValues {
  password: string;
  confirm: string;
}

/**
 * "Set your password" (/invitation) and "Reset password" (/reset-password), opened from a mailed link
 * without a login. The token is in the fragment (#token=…), which the browser never sends to a server.
 */
export default function PasswordLinkPage({ purpose }: { purpose: PasswordLink['purpose'] }) {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const title = purpose === 'invite' ? t('passwordLink.inviteTitle') : t('passwordLink.resetTitle');
  const link = useQuery({
    queryKey: ['password-link', token],
    queryFn: () => inspectPasswordLink(token),
    enabled: token !== '',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const submit = useMutation({ mutationFn: (password: string) => setPasswordByLink(token, password) });

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [t, title]);

  const content = () => {
    if (token === '') return <Alert type="error" showIcon role="alert" message={t('passwordLink.noToken')} />;
    if (submit.isSuccess) {
      return (
        <Result
          status="success"
          title={t('passwordLink.done', { name: submit.data.name })}
          extra={
            <Link to="/login">
              <Button type="primary">{t('passwordLink.toLogin')}</Button>
            </Link>
          }
        />
      );
    }
    if (link.isError) {
      return (
        <>
          <Alert
            type="error"
            showIcon
            role="alert"
            message={errorText(link.error, t)}
            style={{ marginBottom: 16 }}
          />
          <Link to="/login">{t('passwordLink.toLogin')}</Link>
        </>
      );
    }
    if (!link.data) return <Skeleton active aria-busy="true" aria-label={t('common.loading')} />;
    const bounds = { min: link.data.min_password_length, max: MAX_PASSWORD_LENGTH };
    return (
      <>
        <Typography.Paragraph>
          {t(link.data.purpose === 'invite' ? 'passwordLink.inviteIntro' : 'passwordLink.resetIntro', {
            name: link.data.name,
          })}
        </Typography.Paragraph>
        <ServerErrorAlert error={submit.error} />
        <Form<PasswordValues>
          layout="vertical"
          requiredMark={false}
          initialValues={{ password: '', confirm: '' }}
          onFinish={(values) => submit.mutate(values.password)}
          disabled={submit.isPending}
        >
          {/* Password managers file the new password under this user name. */}
          <input type="text" name="username" value={link.data.name} autoComplete="username" readOnly hidden />
          <Form.Item
            name="password"
            label={t('passwordLink.password')}
            extra={t('passwordLink.passwordLength', bounds)}
            rules={[
              { required: true, message: t('passwordLink.passwordRequired') },
              { ...bounds, message: t('passwordLink.passwordLength', bounds) },
            ]}
          >
            <Input.Password autoComplete="new-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('passwordLink.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('passwordLink.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  if (value && value !== getFieldValue('password'))
                    throw new Error(t('passwordLink.passwordsDiffer'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending}>
            {t('passwordLink.submit')}
          </Button>
        </Form>
      </>
    );
  };

  return <PublicFrame title={title}>{content()}</PublicFrame>;
}
