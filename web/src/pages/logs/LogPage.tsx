import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Result, type TableColumnsType } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, downloadCsv } from '../../api/client';
import { errorText } from '../../components/error-text';
import { FilterBar } from '../../components/list/FilterBar';
import { listQuery } from '../../components/list/list-params';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { PageHeader } from '../../components/PageHeader';
import { browserTimeZone } from './log-format';
import { type LogKind, logsKey } from './logs-api';

/**
 * One log page, the building block of all four: the title, a CSV export of the current filters, the
 * filter bar (its fields are `filters`), and the server-paged table, newest first. When the server
 * keeps the logs for administrators (403), the page says so instead of showing an error.
 */
export function LogPage<T extends { guid: string }, F extends Record<string, string>>({
  kind,
  title,
  subtitle,
  filterKeys,
  filters,
  columns,
  children,
}: {
  kind: LogKind;
  title: string;
  subtitle: string;
  filterKeys: readonly (keyof F & string)[];
  filters: ReactNode;
  columns: TableColumnsType<T>;
  /** Dialogs the page opens from its rows. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = usePagedList<T, F>({ path: `/api/audits/${kind}`, queryKey: logsKey(kind), filterKeys });
  const [exporting, setExporting] = useState(false);
  const { error, data } = list.query;
  const refused = data === undefined && error instanceof ApiError && error.status === 403;

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadCsv(`/api/audits/${kind}`, `${kind}-log`, listQuery(list.state));
    } catch (failure) {
      void message.error(t('devices.exportFailed', { error: errorText(failure, t) }));
    } finally {
      setExporting(false);
    }
  };

  const header = (
    <PageHeader
      title={title}
      subtitle={refused ? undefined : `${subtitle} ${t('logs.timeZone', { zone: browserTimeZone() })}`}
      extra={
        !refused && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
            {t('devices.exportCsv')}
          </Button>
        )
      }
    />
  );

  if (refused) {
    return (
      <>
        {header}
        <Card>
          <Result
            status="403"
            title={t('logs.adminOnlyTitle')}
            subTitle={t('logs.adminOnlyText')}
            extra={<Link to="/welcome">{t('common.backToWelcome')}</Link>}
          />
        </Card>
      </>
    );
  }

  return (
    <>
      {header}
      <FilterBar list={list}>{filters}</FilterBar>
      <PagedTable<T, F>
        list={list}
        columns={columns}
        rowKey="guid"
        title={t('logs.records')}
        columnChoice={{ page: `logs-${kind}` }}
      />
      {children}
    </>
  );
}
