import { Alert, App, Button, Descriptions, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyableValue } from '../../components/CopyableValue';
import type { CreatedApiToken } from './settings-api';

/**
 * The new token's secret, shown this once: the server keeps only its hash. Closing the dialog
 * forgets it (the dialog's content is destroyed and the page drops the token); Esc and the close
 * button ask first.
 */
export function TokenSecretDialog({
  token,
  onClose,
}: {
  token: CreatedApiToken | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  // Esc or the close button may be a slip: ask before the secret is gone for good.
  const askFirst = () =>
    modal.confirm({
      title: t('settings.closeSecretTitle'),
      content: t('settings.secretOnceText'),
      okText: t('settings.closeSecret'),
      okButtonProps: { danger: true },
      cancelText: t('settings.keepSecret'),
      onOk: onClose,
    });
  return (
    <Modal
      open={token !== null}
      title={t('settings.tokenCreated', { name: token?.name ?? '' })}
      onCancel={askFirst}
      // A click beside the dialog must not throw the secret away.
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('settings.secretCopied')}
        </Button>
      }
    >
      {token && (
        <>
          <Alert
            type="warning"
            showIcon
            message={t('settings.secretOnce')}
            description={t('settings.secretOnceText')}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} size="small" layout="vertical">
            <Descriptions.Item label={t('settings.secret')}>
              <CopyableValue value={token.token} label={t('settings.secret')} />
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}
