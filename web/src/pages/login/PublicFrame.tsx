import { Card, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ThemeToggle } from '../../components/ThemeToggle';

/** The frame of the pages reached without a login (login, set or reset a password): logo, card, switches. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex vertical style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex justify="flex-end" gap={4} style={{ padding: 12 }}>
        <LanguageSwitch />
        <ThemeToggle />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: 16, paddingBottom: 96 }}>
        <main style={{ width: '100%', maxWidth: 400 }}>
          <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={2} style={{ margin: '8px 0 0' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </Flex>
          <Card title={title}>{children}</Card>
        </main>
      </Flex>
    </Flex>
  );
}
