import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Divider, Form, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { completeLogin, currentUserKey, login } from '../../api/account';
import type { LoginResponse } from '../../api/types';
import { safeNextPath } from '../../auth/login-redirect';
import { collectOidcLogin, oidcProviders, startOidcLogin } from '../../auth/oidc-login';
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

interface CodeValues {
  code: string;
  /** Trust this browser: later logins of this user here skip the code for 30 days. */
  trust: boolean;
}

/** A login whose password was right and that waits for the 2FA code (the `secret` identifies it). */
interface SecondStep {
  username: string;
  secret: string;
  remember: boolean;
  /** Where the code comes from: the authenticator app (or a backup code), or a mail to `email`. */
  factor: 'tfa_check' | 'email_check';
  email: string;
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

  const [secondStep, setSecondStep] = useState<SecondStep | null>(null);
  const enter = (response: LoginResponse, remember: boolean) => {
    if (response.type === 'email_check') {
      const { name, email } = response.user;
      setSecondStep({ username: name, secret: response.secret, remember, factor: response.tfa_type, email });
      return;
    }
    session.start(response.access_token, remember);
    queryClient.setQueryData(currentUserKey, response.user);
    adoptUser(response.user.name);
    navigate(next, { replace: true });
  };
  const attempt = useMutation({
    mutationFn: (values: LoginValues) => login(values.username.trim(), values.password),
    onSuccess: (response, values) => enter(response, values.remember),
  });
  const [form] = Form.useForm<LoginValues>();
  const providers = useQuery({ queryKey: ['oidcProviders'], queryFn: oidcProviders, staleTime: 60_000 });
  const sso = useMutation({
    mutationFn: (provider: string) => startOidcLogin(provider, form.getFieldValue('remember') !== false),
  });
  // Back from a provider (/login?oidc=1): collect the session of the login this tab started, once.
  const returning = params.get('oidc') === '1';
  const collected = useRef(false);
  const collect = useMutation({
    mutationFn: collectOidcLogin,
    onSuccess: (result) => {
      if (result) enter(result.response, result.remember);
    },
  });
  useEffect(() => {
    if (!returning || collected.current) return;
    collected.current = true;
    collect.mutate();
  }, [returning, collect]);
  const ssoError = sso.error ?? collect.error;
  const verify = useMutation({
    mutationFn: ({ step, values }: { step: SecondStep; values: CodeValues }) =>
      completeLogin(step.username, step.secret, values.code.trim(), values.trust),
    onSuccess: (response, { step }) => enter(response, step.remember),
  });
  const error = secondStep ? verify.error : (attempt.error ?? ssoError);
  const backToPassword = () => {
    attempt.reset();
    sso.reset();
    collect.reset();
    verify.reset();
    setSecondStep(null);
  };

  if (session.token() !== null && !attempt.isSuccess && !verify.isSuccess && !collect.isSuccess) {
    return <Navigate to={next} replace />;
  }

  return (
    <PublicFrame title={t('login.title')}>
      {params.get('reason') === 'expired' && !error && !secondStep && (
        <Alert type="info" showIcon message={t('login.expired')} style={{ marginBottom: 16 }} />
      )}
      {collect.isSuccess && collect.data === null && !error && (
        <Alert type="warning" showIcon message={t('login.oidcNotStartedHere')} style={{ marginBottom: 16 }} />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="login-error"
          message={errorText(error, t)}
          style={{ marginBottom: 16 }}
        />
      )}
      {secondStep ? (
        <Form<CodeValues>
          layout="vertical"
          requiredMark={false}
          initialValues={{ code: '', trust: false }}
          onFinish={(values) => verify.mutate({ step: secondStep, values })}
          disabled={verify.isPending}
        >
          <Form.Item
            name="code"
            label={secondStep.factor === 'email_check' ? t('login.emailCode') : t('login.tfaCode')}
            extra={
              secondStep.factor === 'email_check'
                ? t('login.emailCodeHelp', { email: secondStep.email })
                : t('login.tfaCodeHelp')
            }
            rules={[{ required: true, whitespace: true, message: t('login.tfaCodeRequired') }]}
          >
            <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" autoFocus maxLength={16} />
          </Form.Item>
          <Form.Item name="trust" valuePropName="checked">
            <Checkbox>{t('login.trustBrowser')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={verify.isPending}>
            {t('login.verify')}
          </Button>
          <Button type="link" block onClick={backToPassword} style={{ marginTop: 8 }}>
            {t('login.backToPassword')}
          </Button>
        </Form>
      ) : (
        <Form<LoginValues>
          form={form}
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
      )}
      {!secondStep && (
        <Button type="link" block onClick={() => setForgetting(true)} style={{ marginTop: 8 }}>
          {t('login.forgot')}
        </Button>
      )}
      {!secondStep && (providers.data ?? []).length > 0 && (
        <>
          <Divider plain>{t('login.or')}</Divider>
          {providers.data?.map((provider) => (
            <Button
              key={provider}
              block
              size="large"
              style={{ marginBottom: 8 }}
              loading={sso.isPending && sso.variables === provider}
              disabled={sso.isPending || collect.isPending}
              onClick={() => sso.mutate(provider)}
            >
              {t('login.continueWith', { name: provider })}
            </Button>
          ))}
        </>
      )}
      <ForgotPasswordDialog open={forgetting} onClose={() => setForgetting(false)} />
    </PublicFrame>
  );
}
