import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Modal, Table, type TableColumnsType, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { CellText } from '../../components/list/CellText';
import { copyLabels } from '../../components/list/CopyableCell';
import { LogPage } from './LogPage';
import { codeName, PeerCell, TimeCell } from './log-cells';
import { CodeFilter, SideFilters, TimeRangeFilter } from './log-filters';
import { formatBytes } from './log-format';
import { FILE_FILTER_KEYS, type FileFilters, type FileLog } from './logs-api';

/** What moved: the size of a single file, or "N files" opening the largest of them. */
function FileDetail({ row, onOpen }: { row: FileLog; onOpen: (row: FileLog) => void }) {
  const { t } = useTranslation();
  const size = row.files[0]?.[1];
  if (row.is_file) return <span>{size === undefined ? t('logs.oneFile') : formatBytes(size)}</span>;
  const count = row.num === 1 ? t('logs.oneFile') : t('logs.fileCount', { count: row.num });
  if (row.files.length === 0) return <span>{count}</span>;
  return (
    <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => onOpen(row)}>
      {count}
    </Button>
  );
}

function fileColumns(t: TFunction, onOpen: (row: FileLog) => void): TableColumnsType<FileLog> {
  const directions = t('logs.fileDirection', { returnObjects: true });
  const copy = copyLabels(t);
  return [
    {
      title: t('logs.controlledDevice'),
      key: 'device',
      render: (_, row) => <PeerCell id={row.id} name={row.device_name} labels={copy} />,
    },
    {
      title: t('logs.controllingSide'),
      key: 'remote',
      render: (_, row) => <PeerCell id={row.remote_id} name={row.remote_name} extra={row.ip} labels={copy} />,
    },
    {
      title: t('logs.time'),
      dataIndex: 'created_at',
      render: (seconds: number) => <TimeCell seconds={seconds} />,
    },
    {
      title: t('logs.direction'),
      dataIndex: 'type',
      render: (type: number) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {type === 0 ? <UploadOutlined /> : <DownloadOutlined />} {codeName(t, directions, type)}
        </span>
      ),
    },
    {
      title: t('logs.file'),
      dataIndex: 'path',
      render: (path: string) =>
        path ? (
          <code>
            <CellText text={path} width={320} />
          </code>
        ) : (
          <Typography.Text type="secondary" italic>
            {t('logs.clipboard')}
          </Typography.Text>
        ),
    },
    {
      title: t('logs.detail'),
      key: 'detail',
      render: (_, row) => <FileDetail row={row} onOpen={onOpen} />,
    },
  ];
}

/** The largest files of one transfer, as the device reported them (at most ten). */
function TransferFilesDialog({ row, onClose }: { row: FileLog | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={row !== null}
      title={t('logs.filesTitle')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      destroyOnHidden
    >
      {row && (
        <>
          <Typography.Paragraph type="secondary">
            {t('logs.filesShown', { shown: row.files.length, count: row.num })}
          </Typography.Paragraph>
          <Table<[string, number]>
            size="small"
            pagination={false}
            rowKey={([name], index) => `${index}-${name}`}
            dataSource={row.files}
            columns={[
              {
                title: t('logs.fileName'),
                key: 'name',
                render: (_, [name]) => (
                  <Typography.Text style={{ wordBreak: 'break-all' }}>{name}</Typography.Text>
                ),
              },
              {
                title: t('logs.fileSize'),
                key: 'size',
                align: 'right',
                render: (_, [, size]) => <span style={{ whiteSpace: 'nowrap' }}>{formatBytes(size)}</span>,
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}

/** Logs → File transfer: files that left or reached a device in a session (own devices for non-administrators). */
export default function FileLogsPage() {
  const { t } = useTranslation();
  const isAdmin = useSessionUser().is_admin;
  const [opened, setOpened] = useState<FileLog | null>(null);
  return (
    <LogPage<FileLog, FileFilters>
      kind="file"
      title={t('logs.fileTitle')}
      subtitle={isAdmin ? t('logs.fileSubtitle') : t('logs.fileMySubtitle')}
      filterKeys={FILE_FILTER_KEYS}
      columns={fileColumns(t, setOpened)}
      filters={
        <>
          <SideFilters showUser={isAdmin} />
          <CodeFilter
            name="type"
            label={t('logs.direction')}
            names={t('logs.fileDirection', { returnObjects: true })}
            width={220}
          />
          <TimeRangeFilter label={t('logs.time')} />
        </>
      }
    >
      <TransferFilesDialog row={opened} onClose={() => setOpened(null)} />
    </LogPage>
  );
}
