import { Button, Flex, Form, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyableValue } from '../../components/CopyableValue';
import { QrCode } from '../../components/QrCode';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { BackupCodesView } from './BackupCodesView';
import { CodeInput } from './CodeInput';
import { useConfirmEnrolment, type useStartEnrolment } from './tfa-api';

/**
 * Sets 2FA up, or renews it: scan the QR code or type the secret into an authenticator app, confirm
 * with a code of it, and keep the backup codes shown at the end. `start` is the enrolment the card began
 * (a first one), or one this dialog begins with a current code (a renewal).
 */
export function EnrolDialog({
  start,
  renewing,
  onClose,
}: {
  start: ReturnType<typeof useStartEnrolment>;
  renewing: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const confirm = useConfirmEnrolment();
  const [form] = Form.useForm<{ current?: string; code: string }>();
  const enrolment = start.data;
  const codes = confirm.data?.backup_codes;

  let body: ReactNode;
  if (codes) body = <BackupCodesView codes={codes} />;
  else if (!enrolment) {
    body = (
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => start.mutate(v.current?.trim())}
      >
        <ServerErrorAlert error={start.error} />
        {renewing && (
          <>
            <CodeInput name="current" label={t('tfa.currentCode')} backup />
            <Button type="primary" htmlType="submit" loading={start.isPending}>
              {t('tfa.continue')}
            </Button>
          </>
        )}
      </Form>
    );
  } else {
    body = (
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => confirm.mutate(v.code.trim())}
      >
        <Typography.Paragraph>{t('tfa.scan')}</Typography.Paragraph>
        <Flex vertical gap={12}>
          <QrCode text={enrolment.uri} alt={t('tfa.qrAlt')} />
          <div data-testid="tfa-secret">
            <Typography.Text type="secondary">{t('tfa.secretText')}</Typography.Text>
            <CopyableValue value={enrolment.secret} label={t('tfa.secretText')} />
          </div>
          <ServerErrorAlert error={confirm.error} />
          <CodeInput name="code" label={t('tfa.code')} backup={false} />
        </Flex>
        <Button type="primary" htmlType="submit" loading={confirm.isPending}>
          {t('tfa.enable')}
        </Button>
      </Form>
    );
  }

  return (
    <Modal
      open
      title={renewing ? t('tfa.renew') : t('tfa.setUp')}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      footer={
        codes ? (
          <Button type="primary" onClick={onClose}>
            {t('tfa.done')}
          </Button>
        ) : null
      }
    >
      {body}
    </Modal>
  );
}
