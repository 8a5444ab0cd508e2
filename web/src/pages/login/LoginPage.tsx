import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { currentUserKey, login } from '../../api/account';
import { safeNextPath } from '../../auth/login-redirect';
import { session } from '../../auth/session';
import { errorText } from '../../components/error-text';
import { usePreferences } from '../../preferences/PreferencesProvider';
import { ForgotPasswordDialog } from './ForgotPasswordDialog';
import { PublicFrame } from './PublicFrame';

interface LoginValues {
  username: string;
  password: string;
  remember: boolean;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { adoptUser } = usePreferences();
  const next = safeNextPath(params.get('next'));
  const [forgetting, setForgetting] = useState(false);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  const attempt = useMutation({
    mutationFn: (values: LoginValues) => login(values.username.trim(), values.password),
    onSuccess: (response, values) => {
      session.start(response.access_token, values.remember);
      queryClient.setQueryData(currentUserKey, response.user);
      adoptUser(response.user.name);
      navigate(next, { replace: true });
    },
  });

  if (session.token() !== null && !attempt.isSuccess) return <Navigate to={next} replace />;

  return (
    <PublicFrame title={t('login.title')}>
      {params.get('reason') === 'expired' && !attempt.error && (
        <Alert type="info" showIcon message={t('login.expired')} style={{ marginBottom: 16 }} />
      )}
      {attempt.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="login-error"
          message={errorText(attempt.error, t)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<LoginValues>
        layout="vertical"
        requiredMark={false}
        initialValues={{ username: '', password: '', remember: true }}
        onFinish={(values) => attempt.mutate(values)}
        disabled={attempt.isPending}
      >
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={128} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={1024} />
        </Form.Item>
        <Form.Item name="remember" valuePropName="checked">
          <Checkbox>{t('login.remember')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={attempt.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
      <Button type="link" block onClick={() => setForgetting(true)} style={{ marginTop: 8 }}>
        {t('login.forgot')}
      </Button>
      <ForgotPasswordDialog open={forgetting} onClose={() => setForgetting(false)} />
    </PublicFrame>
  );
}
