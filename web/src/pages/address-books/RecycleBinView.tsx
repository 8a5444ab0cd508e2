import { ClearOutlined, DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Space, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { FilterBar } from '../../components/list/FilterBar';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { localTimeOfSeconds } from '../../components/time';
import {
  addressBooksKey,
  type BinnedPeer,
  type Book,
  useDeleteForGood,
  useEmptyBin,
  useRestorePeers,
} from './address-books-api';
import { BookHeader, useBookName } from './BookHeader';
import { bookLink } from './book-link';
import { PeerFilterFields } from './marks';

/** A book's recycle bin: restore peers, delete them for good, or empty it (features.md §14). */
export function RecycleBinView({ book }: { book: Book }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const name = useBookName()(book);
  const list = usePagedList<BinnedPeer, { id: string; alias: string }>({
    path: `/api/ab/recycle-bin/${encodeURIComponent(book.guid)}`,
    queryKey: [...addressBooksKey, 'bin', book.guid],
    filterKeys: ['id', 'alias'],
    scope: { keep: { ab: book.guid, view: 'bin' } },
  });
  const restore = useRestorePeers(book.guid);
  const deleteForGood = useDeleteForGood(book.guid);
  const empty = useEmptyBin(book.guid);
  const [selectedRows, setSelectedRows] = useState<BinnedPeer[]>([]);
  const selected = selectedRows.map((row) => row.id);

  const run = async (action: () => Promise<unknown>, done: string, ids: string[]) => {
    try {
      await action();
      void message.success(done);
      setSelectedRows((current) => current.filter((row) => !ids.includes(row.id)));
    } catch (error) {
      void message.error(errorText(error, t));
    }
  };
  const confirmRestore = (ids: string[]) =>
    modal.confirm({
      title: t('addressBooks.confirmRestore', { count: ids.length }),
      okText: t('addressBooks.restore'),
      cancelText: t('common.cancel'),
      onOk: () => run(() => restore.mutateAsync(ids), t('addressBooks.restored', { count: ids.length }), ids),
    });
  const confirmDeleteForGood = (ids: string[]) =>
    modal.confirm({
      title: t('addressBooks.confirmDeleteForGood', { count: ids.length }),
      content: t('addressBooks.cannotUndo'),
      okText: t('addressBooks.deleteForGood'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        run(
          () => deleteForGood.mutateAsync(ids),
          t('addressBooks.deletedForGood', { count: ids.length }),
          ids,
        ),
    });
  const confirmEmpty = () =>
    modal.confirm({
      title: t('addressBooks.confirmEmpty', { name }),
      content: t('addressBooks.cannotUndo'),
      okText: t('addressBooks.emptyBin'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => run(() => empty.mutateAsync(undefined), t('addressBooks.emptied'), selected),
    });

  const columns: TableColumnsType<BinnedPeer> = [
    { title: t('addressBooks.peerId'), dataIndex: 'id', fixed: 'left' },
    {
      title: t('addressBooks.alias'),
      dataIndex: 'alias',
      render: (alias: string) => <CellText text={alias} width={160} />,
    },
    {
      title: t('addressBooks.tags'),
      dataIndex: 'tags',
      render: (tags: string[]) => <CellText text={tags.join(', ')} width={200} />,
    },
    {
      title: t('addressBooks.deletedAt'),
      dataIndex: 'deleted_at',
      render: (seconds: number) => (
        <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfSeconds(seconds)}</span>
      ),
    },
    {
      title: t('addressBooks.action'),
      key: 'action',
      fixed: 'right',
      render: (_, peer) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => confirmRestore([peer.id])}>
            {t('addressBooks.restore')}
          </Button>
          <Button type="link" size="small" danger onClick={() => confirmDeleteForGood([peer.id])}>
            {t('addressBooks.deleteForGood')}
          </Button>
        </Space>
      ),
    },
  ];
  const total = list.query.data?.total ?? 0;
  const actions = (
    <Space wrap>
      {selected.length > 0 && (
        <>
          <Button icon={<UndoOutlined />} onClick={() => confirmRestore(selected)}>
            {t('addressBooks.restoreSelected', { count: selected.length })}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={() => confirmDeleteForGood(selected)}>
            {t('addressBooks.deleteSelectedForGood', { count: selected.length })}
          </Button>
        </>
      )}
      <Button danger icon={<ClearOutlined />} disabled={total === 0} onClick={confirmEmpty}>
        {t('addressBooks.emptyBin')}
      </Button>
    </Space>
  );

  return (
    <>
      <BookHeader
        book={book}
        title={t('addressBooks.binTitle', { name })}
        extra={<Button onClick={() => navigate(bookLink(book.guid))}>{t('addressBooks.backToBook')}</Button>}
      />
      <Typography.Paragraph type="secondary">{t('addressBooks.binHelp')}</Typography.Paragraph>
      <FilterBar list={list}>
        <PeerFilterFields />
      </FilterBar>
      <PagedTable
        list={list}
        columns={columns}
        rowKey="id"
        title={t('addressBooks.recycleBin')}
        actions={actions}
        selection={{ selected: selectedRows, onChange: setSelectedRows }}
      />
    </>
  );
}
