import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The field of a 2FA code: six digits from the app, or (where `backup`) a backup code. */
export function CodeInput({ name, label, backup }: { name: string; label: string; backup: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={backup ? t('tfa.codeOrBackupHelp') : t('tfa.codeHelp')}
      rules={[
        { required: true, whitespace: true, message: t('tfa.codeRequired') },
        ...(backup ? [] : [{ pattern: /^\s*\d{6}\s*$/, message: t('tfa.codeSixDigits') }]),
      ]}
    >
      <Input
        autoComplete="one-time-code"
        inputMode={backup ? 'text' : 'numeric'}
        maxLength={backup ? 16 : 6}
        style={{ maxWidth: 200 }}
      />
    </Form.Item>
  );
}
