import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { answerOidcConfirmation, type OidcConfirmation, oidcConfirmation } from '../../auth/oidc-login';
import { errorText } from '../../components/error-text';
import { PublicFrame } from './PublicFrame';

/** The callback's own failures, shown as they are; any other `error` in the address gets the general text. */
const CALLBACK_ERRORS = ['oidc_login_expired', 'oidc_login_failed'] as const;

/**
 * Where the provider's callback leaves the browser of a RustDesk client's login (/oidc-done). With
 * `login`, the login waits for this browser: the page shows which device it signs in and as whom, and
 * the person confirms it (or cancels: someone may have sent them a login they did not start). The
 * client then collects the session itself, so the page only says to go back to it. With `error`, the
 * callback failed; the page shows nothing else of its address, so a link cannot put words in it.
 */
export default function OidcDonePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const login = params.get('login') ?? '';
  const details = useQuery({
    queryKey: ['oidcConfirmation', login],
    queryFn: () => oidcConfirmation(login),
    enabled: login !== '',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const answer = useMutation({ mutationFn: (accept: boolean) => answerOidcConfirmation(login, accept) });

  const failure = (() => {
    if (answer.error) return errorText(answer.error, t);
    if (details.error) return errorText(details.error, t);
    if (login !== '') return null;
    const known = CALLBACK_ERRORS.find((code) => code === params.get('error'));
    return known === undefined ? t('oidcDone.failed') : t(`serverErrors.${known}`);
  })();
  const done = answer.isSuccess;
  const title =
    failure !== null ? t('oidcDone.failedTitle') : done ? t('oidcDone.title') : t('oidcDone.confirmTitle');

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [t, title]);

  return (
    <PublicFrame title={title}>
      {failure !== null ? (
        <Alert type="error" showIcon role="alert" message={failure} data-testid="oidc-done" />
      ) : done ? (
        <Alert
          type={answer.variables ? 'success' : 'info'}
          showIcon
          message={answer.variables ? t('oidcDone.success') : t('oidcDone.cancelled')}
          data-testid="oidc-done"
        />
      ) : details.data ? (
        <Confirmation
          details={details.data}
          pending={answer.isPending}
          onAnswer={(accept) => answer.mutate(accept)}
        />
      ) : (
        <Flex justify="center">
          <Spin />
        </Flex>
      )}
      <Button type="link" block href="/login" style={{ marginTop: 16 }}>
        {t('oidcDone.toConsole')}
      </Button>
    </PublicFrame>
  );
}

function Confirmation({
  details,
  pending,
  onAnswer,
}: {
  details: OidcConfirmation;
  pending: boolean;
  onAnswer: (accept: boolean) => void;
}) {
  const { t } = useTranslation();
  const { device, account } = details;
  const who = [account.display_name, account.email || account.username].filter((part) => part !== '');
  return (
    <Flex vertical gap={16}>
      <Alert type="warning" showIcon message={t('oidcDone.confirmWarning')} />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('oidcDone.device')}>
          {device.name || device.id} {device.os && `(${device.os})`}
        </Descriptions.Item>
        <Descriptions.Item label={t('oidcDone.rustdeskId')}>{device.id}</Descriptions.Item>
        <Descriptions.Item label={t('oidcDone.account')}>{who.join(' · ')}</Descriptions.Item>
        <Descriptions.Item label={t('oidcDone.provider')}>{details.provider}</Descriptions.Item>
      </Descriptions>
      <Flex gap={8} justify="flex-end">
        <Button onClick={() => onAnswer(false)} disabled={pending}>
          {t('oidcDone.cancel')}
        </Button>
        <Button type="primary" onClick={() => onAnswer(true)} loading={pending}>
          {t('oidcDone.confirm')}
        </Button>
      </Flex>
    </Flex>
  );
}
