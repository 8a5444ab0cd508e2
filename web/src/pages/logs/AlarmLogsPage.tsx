import { WarningOutlined } from '@ant-design/icons';
import { Flex, type TableColumnsType, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../components/list/CellText';
import { copyLabels } from '../../components/list/CopyableCell';
import { PatternFilter } from '../../components/list/filter-fields';
import { LogPage } from './LogPage';
import { codeName, PeerCell, TimeCell } from './log-cells';
import { CodeFilter, TimeRangeFilter } from './log-filters';
import { alarmInfo } from './log-format';
import { ALARM_FILTER_KEYS, type AlarmFilters, type AlarmLog } from './logs-api';

function alarmColumns(t: TFunction): TableColumnsType<AlarmLog> {
  const types = t('logs.alarmType', { returnObjects: true });
  const connTypes = t('logs.connType', { returnObjects: true });
  const copy = copyLabels(t);
  return [
    {
      title: t('logs.type'),
      dataIndex: 'typ',
      render: (typ: number) => (
        <Flex gap={6} align="baseline">
          <Typography.Text type="warning">
            <WarningOutlined />
          </Typography.Text>
          <span>{codeName(t, types, typ)}</span>
        </Flex>
      ),
    },
    {
      // The side that tried: the controller's claimed ID and name, and the address it came from.
      title: t('logs.from'),
      key: 'from',
      render: (_, row) => {
        const info = alarmInfo(row.info);
        return <PeerCell id={info.id} name={info.name} extra={row.ip} labels={copy} />;
      },
    },
    {
      title: t('logs.target'),
      key: 'target',
      render: (_, row) => <PeerCell id={row.id} name={row.device_name} labels={copy} />,
    },
    {
      title: t('logs.eventTime'),
      dataIndex: 'created_at',
      render: (seconds: number) => <TimeCell seconds={seconds} />,
    },
    {
      title: t('logs.detail'),
      key: 'detail',
      render: (_, row) => {
        const { connType, message } = alarmInfo(row.info);
        if (connType === null && message === '') return '-';
        return (
          <Flex gap={4} wrap align="center">
            {connType !== null && (
              <Tag>{typeof connType === 'number' ? codeName(t, connTypes, connType) : connType}</Tag>
            )}
            {message && <CellText text={message} width={300} />}
          </Flex>
        );
      },
    },
  ];
}

/** Logs → Alarm (administrators): security events the devices reported. */
export default function AlarmLogsPage() {
  const { t } = useTranslation();
  return (
    <LogPage<AlarmLog, AlarmFilters>
      kind="alarm"
      title={t('logs.alarmTitle')}
      subtitle={t('logs.alarmSubtitle')}
      filterKeys={ALARM_FILTER_KEYS}
      columns={alarmColumns(t)}
      filters={
        <>
          <CodeFilter
            name="typ"
            label={t('logs.type')}
            names={t('logs.alarmType', { returnObjects: true })}
            width={260}
          />
          <PatternFilter name="device" label={t('logs.deviceId')} width={170} />
          <PatternFilter name="device_name" label={t('devices.deviceName')} width={170} />
          <PatternFilter name="user_name" label={t('logs.deviceUser')} width={170} />
          <PatternFilter name="ip" label={t('devices.ip')} width={170} />
          <TimeRangeFilter label={t('logs.eventTime')} />
        </>
      }
    />
  );
}
