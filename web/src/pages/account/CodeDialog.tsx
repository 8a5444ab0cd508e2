import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { CodeInput } from './CodeInput';

/** Asks for a current code or a backup code before a 2FA change (disable, new backup codes). */
export function CodeDialog({
  title,
  submitText,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  title: string;
  submitText: string;
  pending: boolean;
  error: unknown;
  onSubmit: (code: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  return (
    <FormDialog<{ code: string }>
      open
      title={title}
      form={form}
      submitText={submitText}
      pending={pending}
      error={error}
      onSubmit={(values) => onSubmit(values.code.trim())}
      onClose={onClose}
    >
      <CodeInput name="code" label={t('tfa.currentCode')} backup />
    </FormDialog>
  );
}
