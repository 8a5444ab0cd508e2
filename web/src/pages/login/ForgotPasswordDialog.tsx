import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset } from '../../api/account';
import { FormDialog } from '../../components/FormDialog';

interface ForgotValues {
  who: string;
}

/** The login page's "Forgot password?": asks for a reset link, and says the same whatever the account. */
export function ForgotPasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ForgotValues>();
  const request = useMutation({ mutationFn: (values: ForgotValues) => requestPasswordReset(values.who) });
  const { reset } = request;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);

  return (
    <FormDialog<ForgotValues>
      open={open}
      title={t('login.forgotTitle')}
      form={form}
      submitText={t('login.forgotSubmit')}
      pending={request.isPending}
      error={request.error}
      onClose={onClose}
      onSubmit={(values) => request.mutate(values)}
    >
      {request.isSuccess ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('login.forgotSent')}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('login.forgotHelp')}</Typography.Paragraph>
      )}
      <Form.Item
        name="who"
        initialValue=""
        label={t('login.forgotWho')}
        rules={[{ required: true, whitespace: true, message: t('login.forgotWhoRequired') }]}
      >
        <Input autoComplete="username" maxLength={254} />
      </Form.Item>
    </FormDialog>
  );
}
