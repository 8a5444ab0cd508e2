import { type TableColumnsType, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../components/list/CellText';
import { PatternFilter } from '../../components/list/filter-fields';
import { LogPage } from './LogPage';
import { codeName, TimeCell } from './log-cells';
import { CodeFilter, TimeRangeFilter } from './log-filters';
import { CONSOLE_FILTER_KEYS, type ConsoleFilters, type ConsoleLog } from './logs-api';

function consoleColumns(t: TFunction): TableColumnsType<ConsoleLog> {
  const areas = t('logs.consoleArea', { returnObjects: true });
  const operations = t('logs.consoleOperation', { returnObjects: true });
  return [
    {
      title: t('logs.type'),
      dataIndex: 'typ',
      render: (typ: number) => <Tag>{codeName(t, areas, typ)}</Tag>,
    },
    {
      title: t('logs.user'),
      dataIndex: 'operator',
      render: (operator: string) => <CellText text={operator} width={140} />,
    },
    {
      title: t('logs.operation'),
      dataIndex: 'iop',
      render: (iop: number) => <span style={{ whiteSpace: 'nowrap' }}>{codeName(t, operations, iop)}</span>,
    },
    {
      title: t('logs.detail'),
      dataIndex: 'detail',
      render: (detail: string) => <CellText text={detail} width={420} />,
    },
    { title: t('devices.ip'), dataIndex: 'ip', render: (ip: string) => ip || '-' },
    {
      title: t('logs.time'),
      dataIndex: 'created_at',
      render: (seconds: number) => <TimeCell seconds={seconds} />,
    },
  ];
}

/** Logs → Console (administrators): logins and every change made through the management API. */
export default function ConsoleLogsPage() {
  const { t } = useTranslation();
  return (
    <LogPage<ConsoleLog, ConsoleFilters>
      kind="console"
      title={t('logs.consoleTitle')}
      subtitle={t('logs.consoleSubtitle')}
      filterKeys={CONSOLE_FILTER_KEYS}
      columns={consoleColumns(t)}
      filters={
        <>
          <CodeFilter
            name="typ"
            label={t('logs.type')}
            names={t('logs.consoleArea', { returnObjects: true })}
          />
          <PatternFilter name="operator" label={t('logs.user')} width={170} />
          <CodeFilter
            name="iop"
            label={t('logs.operation')}
            names={t('logs.consoleOperation', { returnObjects: true })}
            width={240}
          />
          <TimeRangeFilter label={t('logs.time')} />
        </>
      }
    />
  );
}
