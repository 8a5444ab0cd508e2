import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Backup codes, shown the one time the server answers them, with one button to copy them all. */
export function BackupCodesView({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      <Alert type="warning" showIcon message={t('tfa.backupCodesOnce')} />
      <Typography.Paragraph
        copyable={{ text: codes.join('\n'), tooltips: [t('common.copy'), t('common.copied')] }}
        style={{ marginBottom: 0 }}
        data-testid="tfa-backup-codes"
      >
        {codes.map((code) => (
          <Typography.Text key={code} code style={{ display: 'block', fontSize: 15 }}>
            {code}
          </Typography.Text>
        ))}
      </Typography.Paragraph>
    </Flex>
  );
}
