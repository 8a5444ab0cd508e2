import { Alert, Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDashboard } from '../../api/dashboard';
import type { Dashboard } from '../../api/types';
import { useSessionUser } from '../../auth/SessionUser';
import { CopyableValue } from '../../components/CopyableValue';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { ClientConfigCard } from './ClientConfigCard';

interface Figure {
  id: string;
  title: string;
  value: number | null;
}

/** The counts: the whole server for an administrator, one's own devices for anyone else. */
function Figures({ dashboard, isAdmin }: { dashboard: Dashboard; isAdmin: boolean }) {
  const { t } = useTranslation();
  const counts: Figure[] = isAdmin
    ? [
        { id: 'users', title: t('welcome.users'), value: dashboard.users },
        { id: 'devices', title: t('welcome.devices'), value: dashboard.devices },
        { id: 'online', title: t('welcome.devicesOnline'), value: dashboard.devices_online },
      ]
    : [
        { id: 'devices', title: t('welcome.myDevices'), value: dashboard.devices },
        { id: 'online', title: t('welcome.myDevicesOnline'), value: dashboard.devices_online },
      ];
  const activity: Figure[] = [
    { id: 'seen-7-days', title: t('welcome.seen7Days'), value: dashboard.devices_seen_7_days },
    { id: 'seen-30-days', title: t('welcome.seen30Days'), value: dashboard.devices_seen_30_days },
    // null when only administrators may read the logs: no card rather than a misleading zero.
    { id: 'connections', title: t('welcome.connections24Hours'), value: dashboard.connections_24_hours },
    { id: 'alarms', title: t('welcome.alarms24Hours'), value: dashboard.alarms_24_hours },
  ];
  const figures = [...counts, ...activity].filter(
    (figure): figure is Figure & { value: number } => figure.value !== null,
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={12} lg={6}>
        <Card>
          <Statistic title={t('welcome.version')} value={dashboard.version} data-testid="figure-version" />
        </Card>
      </Col>
      {figures.map((figure) => (
        <Col key={figure.id} xs={24} sm={12} lg={6}>
          <Card>
            <Statistic title={figure.title} value={figure.value} data-testid={`figure-${figure.id}`} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function ServerKeyCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  return (
    <Card title={t('welcome.serverKey')}>
      {dashboard.server_public_key ? (
        <>
          <CopyableValue value={dashboard.server_public_key} label={t('welcome.serverKey')} />
          <Typography.Text type="secondary">{t('welcome.serverKeyHelp')}</Typography.Text>
        </>
      ) : (
        <Alert type="warning" showIcon message={t('welcome.noKey')} description={t('welcome.noKeyHelp')} />
      )}
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('welcome.relayServers')}
      </Typography.Title>
      {dashboard.relay_servers.length > 0 ? (
        <Flex gap={8} wrap>
          {dashboard.relay_servers.map((relay) => (
            <Typography.Text key={relay} code>
              {relay}
            </Typography.Text>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('welcome.noRelayServers')}</Typography.Text>
      )}
    </Card>
  );
}

export default function WelcomePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const dashboard = useDashboard();
  const title = dashboard.data ? t('welcome.title', { version: dashboard.data.version }) : t('nav.welcome');
  return (
    <>
      <PageHeader title={title} subtitle={t('welcome.subtitle')} />
      <QueryResult query={dashboard} rows={8}>
        {(data) => (
          <Flex vertical gap={16}>
            <Figures dashboard={data} isAdmin={user.is_admin} />
            <ServerKeyCard dashboard={data} />
            <ClientConfigCard dashboard={data} />
          </Flex>
        )}
      </QueryResult>
    </>
  );
}
