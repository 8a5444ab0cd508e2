import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A value to copy (a key, a config string): monospace, wrapped anywhere, with a copy button.
 * antd's copy works on plain http too, where the Clipboard API is not available.
 */
export function CopyableValue({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph
      code
      copyable={{ text: value, tooltips: [t('common.copy'), t('common.copied')] }}
      style={{ wordBreak: 'break-all', marginBottom: 0 }}
      aria-label={label}
    >
      {value}
    </Typography.Paragraph>
  );
}
