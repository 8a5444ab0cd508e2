import { DeleteOutlined, ImportOutlined, PlusOutlined, RestOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, type TableColumnsType, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { CopyableCell, copyLabels } from '../../components/list/CopyableCell';
import { FilterBar } from '../../components/list/FilterBar';
import { PagedTable } from '../../components/list/PagedTable';
import {
  type AbPeer,
  type Book,
  hasPassword,
  useDeletePeers,
  usePeerList,
  useTags,
} from './address-books-api';
import { BookHeader } from './BookHeader';
import { abilitiesOf } from './book-forms';
import { bookLink } from './book-link';
import { ImportDialog } from './ImportDialog';
import { PasswordMark, PeerFilterFields, TagChip } from './marks';
import { PeerDialog } from './PeerDialog';
import { TagBar } from './TagBar';
import { writeTagFilter } from './tag-filter';

/** One book's peers: the tags bar, the filters, and (for those who may write) add, import, edit, delete. */
export function PeersView({ book }: { book: Book }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const can = abilitiesOf(book);
  const { list, tagFilter } = usePeerList(book.guid, { keep: { ab: book.guid } });
  const tags = useTags(book.guid);
  const tagColors = useMemo(
    () => new Map((tags.data ?? []).map((tag) => [tag.name, tag.color] as const)),
    [tags.data],
  );
  const remove = useDeletePeers(book.guid);
  const [selectedRows, setSelectedRows] = useState<AbPeer[]>([]);
  const selected = selectedRows.map((row) => row.id);
  const [dialog, setDialog] = useState<'add' | 'import' | AbPeer | null>(null);

  const confirmDelete = (ids: string[]) =>
    modal.confirm({
      title: t('addressBooks.confirmDeletePeers', { count: ids.length }),
      content: t('addressBooks.confirmDeletePeersText'),
      okText: t('addressBooks.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await remove.mutateAsync(ids);
          void message.success(t('addressBooks.peersDeleted', { count: ids.length }));
          setSelectedRows((current) => current.filter((row) => !ids.includes(row.id)));
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });

  const labels = copyLabels(t);
  const columns: TableColumnsType<AbPeer> = [
    {
      title: t('addressBooks.peerId'),
      dataIndex: 'id',
      fixed: 'left',
      render: (id: string) => <CopyableCell text={id} labels={labels} />,
    },
    {
      title: t('addressBooks.device'),
      key: 'device',
      render: (_, peer) => {
        const name = peer.username && peer.hostname ? `${peer.username}@${peer.hostname}` : peer.hostname;
        return (
          <span>
            <CellText text={name} width={200} />
            {peer.platform && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {peer.platform}
              </Typography.Text>
            )}
          </span>
        );
      },
    },
    {
      title: t('addressBooks.alias'),
      dataIndex: 'alias',
      render: (alias: string) => <CellText text={alias} width={160} />,
    },
    {
      title: t('addressBooks.password'),
      key: 'password',
      render: (_, peer) => <PasswordMark set={hasPassword(peer)} />,
    },
    {
      title: t('addressBooks.tags'),
      dataIndex: 'tags',
      render: (names: string[]) =>
        names.length === 0 ? (
          '-'
        ) : (
          <div style={{ maxWidth: 220 }}>
            {names.map((name) => (
              <TagChip key={name} name={name} colors={tagColors} />
            ))}
          </div>
        ),
    },
    {
      title: t('addressBooks.note'),
      dataIndex: 'note',
      render: (note: string) => <CellText text={note} width={220} />,
    },
  ];
  if (can.editPeers) {
    columns.push({
      title: t('addressBooks.action'),
      key: 'action',
      fixed: 'right',
      render: (_, peer) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDialog(peer)}>
            {t('addressBooks.edit')}
          </Button>
          <Button type="link" size="small" danger onClick={() => confirmDelete([peer.id])}>
            {t('addressBooks.delete')}
          </Button>
        </Space>
      ),
    });
  }

  const actions = can.editPeers && (
    <Space wrap>
      {selected.length > 0 && (
        <Button danger icon={<DeleteOutlined />} onClick={() => confirmDelete(selected)}>
          {t('addressBooks.deleteSelected', { count: selected.length })}
        </Button>
      )}
      <Button icon={<ImportOutlined />} onClick={() => setDialog('import')}>
        {t('addressBooks.import')}
      </Button>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('add')}>
        {t('addressBooks.add')}
      </Button>
    </Space>
  );

  return (
    <>
      <BookHeader
        book={book}
        extra={
          can.editPeers && (
            <Button icon={<RestOutlined />} onClick={() => navigate(bookLink(book.guid, 'bin'))}>
              {t('addressBooks.recycleBin')}
            </Button>
          )
        }
      />
      {!can.editPeers && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('addressBooks.readOnlyNotice')} />
      )}
      <FilterBar list={list}>
        <PeerFilterFields />
      </FilterBar>
      <TagBar
        tags={tags.data}
        error={tags.error}
        filter={tagFilter}
        onChange={(filter) => list.setFilters(writeTagFilter(filter))}
      />
      <PagedTable
        list={list}
        columns={columns}
        rowKey="id"
        title={t('addressBooks.peers')}
        columnChoice={{ page: 'address-book-peers' }}
        actions={actions}
        selection={can.editPeers ? { selected: selectedRows, onChange: setSelectedRows } : undefined}
      />
      {can.editPeers && (
        <>
          <PeerDialog
            open={dialog === 'add' || (dialog !== null && typeof dialog === 'object')}
            book={book}
            peer={dialog !== null && typeof dialog === 'object' ? dialog : null}
            tagColors={tagColors}
            onClose={() => setDialog(null)}
          />
          <ImportDialog book={book} open={dialog === 'import'} onClose={() => setDialog(null)} />
        </>
      )}
    </>
  );
}
