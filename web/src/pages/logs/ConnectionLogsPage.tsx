import {
  ApiOutlined,
  CameraOutlined,
  CodeOutlined,
  DesktopOutlined,
  EditOutlined,
  FolderOpenOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { App, Badge, Button, Flex, Form, Input, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { errorText } from '../../components/error-text';
import { FormDialog } from '../../components/FormDialog';
import { CellText } from '../../components/list/CellText';
import { copyLabels } from '../../components/list/CopyableCell';
import { ChoiceFilter } from '../../components/list/filter-fields';
import { LogPage } from './LogPage';
import { codeName, durationText, PeerCell, TimeCell } from './log-cells';
import { CodeFilter, SideFilters, TimeRangeFilter } from './log-filters';
import { CONN_FILTER_KEYS, type ConnFilters, type ConnLog, useDisconnect, useEditConnNote } from './logs-api';

const TYPE_ICONS: Record<number, ReactNode> = {
  0: <DesktopOutlined />,
  1: <FolderOpenOutlined />,
  2: <ApiOutlined />,
  3: <CameraOutlined />,
  4: <CodeOutlined />,
};

function connColumns({
  t,
  showUser,
  onEditNote,
  onDisconnect,
}: {
  t: TFunction;
  showUser: boolean;
  onEditNote: (row: ConnLog) => void;
  onDisconnect: (row: ConnLog) => void;
}): TableColumnsType<ConnLog> {
  const types = t('logs.connType', { returnObjects: true });
  const primaryAuths = t('logs.primaryAuth', { returnObjects: true });
  const twoFactors = t('logs.twoFactor', { returnObjects: true });
  const copy = copyLabels(t);
  return [
    {
      title: t('logs.type'),
      key: 'type',
      render: (_, row) =>
        row.conn_type === undefined ? (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            <StopOutlined /> {t('logs.notLoggedIn')}
          </Typography.Text>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>
            {TYPE_ICONS[row.conn_type]} {codeName(t, types, row.conn_type)}
          </span>
        ),
    },
    {
      title: t('logs.controlledDevice'),
      key: 'device',
      render: (_, row) => (
        <PeerCell
          id={row.id}
          name={row.device_name}
          extra={showUser ? row.user_name : undefined}
          labels={copy}
        />
      ),
    },
    {
      title: t('logs.controllingSide'),
      key: 'remote',
      render: (_, row) => <PeerCell id={row.remote_id} name={row.remote_name} extra={row.ip} labels={copy} />,
    },
    {
      title: t('logs.startTime'),
      dataIndex: 'created_at',
      render: (seconds: number) => <TimeCell seconds={seconds} />,
    },
    {
      title: t('logs.endTime'),
      dataIndex: 'end_time',
      // A live connection has no end yet: that is where it can be ended.
      render: (end: number | null, row) => {
        if (end !== null) return <TimeCell seconds={end} />;
        if (!row.online) return <Typography.Text type="secondary">{t('logs.notEnded')}</Typography.Text>;
        return (
          <Flex vertical align="flex-start">
            <Badge status="processing" text={t('logs.live')} />
            <Button
              type="link"
              size="small"
              danger
              style={{ paddingInline: 0 }}
              onClick={() => onDisconnect(row)}
            >
              {t('logs.disconnect')}
            </Button>
          </Flex>
        );
      },
    },
    {
      title: t('logs.duration'),
      key: 'duration',
      render: (_, row) => {
        if (row.end_time !== null) return durationText(t, row.end_time - row.created_at);
        // A live connection has lasted until now (as of this page's last refresh).
        if (row.online) return durationText(t, Date.now() / 1000 - row.created_at);
        return '-';
      },
    },
    {
      title: t('logs.authentication'),
      key: 'auth',
      render: (_, row) =>
        row.primary_auth === null && row.two_factor === null ? (
          '-'
        ) : (
          <Flex vertical gap={4} align="flex-start">
            {row.primary_auth !== null && <span>{codeName(t, primaryAuths, row.primary_auth)}</span>}
            {row.two_factor !== null && <Tag>{codeName(t, twoFactors, row.two_factor)}</Tag>}
          </Flex>
        ),
    },
    {
      title: t('devices.note'),
      dataIndex: 'note',
      render: (note: string, row) => (
        <Flex gap={4} align="center">
          <CellText text={note} width={150} />
          <Tooltip title={t('logs.editNote')}>
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              aria-label={t('logs.editNote')}
              onClick={() => onEditNote(row)}
            />
          </Tooltip>
        </Flex>
      ),
    },
  ];
}

/** Logs → Connection: administrators see every device's sessions, anyone else their devices' sessions. */
export default function ConnectionLogsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const isAdmin = useSessionUser().is_admin;
  const [editing, setEditing] = useState<ConnLog | null>(null);
  const disconnect = useDisconnect();

  const confirmDisconnect = (row: ConnLog) =>
    modal.confirm({
      title: t('logs.confirmDisconnect'),
      content: t('logs.confirmDisconnectText', {
        remote: row.remote_id || row.ip,
        device: row.device_name ? `${row.id} (${row.device_name})` : row.id,
      }),
      okText: t('logs.disconnect'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await disconnect.mutateAsync(row.guid);
          void message.success(t('logs.disconnectRequested'));
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });

  return (
    <LogPage<ConnLog, ConnFilters>
      kind="conn"
      title={t('logs.connTitle')}
      subtitle={isAdmin ? t('logs.connSubtitle') : t('logs.connMySubtitle')}
      filterKeys={CONN_FILTER_KEYS}
      columns={connColumns({ t, showUser: isAdmin, onEditNote: setEditing, onDisconnect: confirmDisconnect })}
      filters={
        <>
          <SideFilters showUser={isAdmin} />
          <CodeFilter
            name="conn_type"
            label={t('logs.type')}
            names={t('logs.connType', { returnObjects: true })}
            width={150}
          />
          <ChoiceFilter
            name="logged_in"
            label={t('logs.login')}
            width={140}
            options={[
              { value: 'true', label: t('logs.loggedIn') },
              { value: 'false', label: t('logs.notLoggedIn') },
            ]}
          />
          <TimeRangeFilter label={t('logs.startTime')} />
        </>
      }
    >
      <EditNoteDialog row={editing} onClose={() => setEditing(null)} />
    </LogPage>
  );
}

/** The note of one connection: what the controller wrote at the end, or what an administrator adds. */
function EditNoteDialog({ row, onClose }: { row: ConnLog | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const edit = useEditConnNote();
  const { reset } = edit;

  return (
    <FormDialog<{ note: string }>
      open={row !== null}
      title={row ? t('logs.noteTitle', { id: row.id }) : ''}
      form={form}
      submitText={t('common.save')}
      pending={edit.isPending}
      error={edit.error}
      onClose={() => {
        reset();
        onClose();
      }}
      onSubmit={({ note }) => {
        if (!row) return;
        edit.mutate(
          { guid: row.guid, note },
          {
            onSuccess: () => {
              void message.success(t('logs.noteSaved'));
              reset();
              onClose();
            },
          },
        );
      }}
    >
      <Form.Item name="note" label={t('devices.note')} initialValue={row?.note ?? ''}>
        <Input.TextArea maxLength={1024} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
    </FormDialog>
  );
}
