import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Space, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSessionUser } from '../../auth/SessionUser';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { FilterBar } from '../../components/list/FilterBar';
import { PatternFilter } from '../../components/list/filter-fields';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { PageHeader } from '../../components/PageHeader';
import {
  addressBooksKey,
  type Book,
  type BookProfile,
  bookOfProfile,
  useCanShare,
  usePersonalGuid,
} from './address-books-api';
import { BookDialog, useConfirmDeleteBook } from './BookDialog';
import { abilitiesOf } from './book-forms';
import { bookLink } from './book-link';
import { PasswordMark, PermissionTag } from './marks';
import { ShareDialog } from './ShareDialog';

/** The caller's personal book: private, always there, opened like the others. */
function PersonalBookCard() {
  const { t } = useTranslation();
  const personal = usePersonalGuid();
  const navigate = useNavigate();
  return (
    <Card style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <div>
          <Typography.Text strong>{t('addressBooks.personalName')}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block' }}>
            {t('addressBooks.personalHelp')}
          </Typography.Text>
        </div>
        {personal.data ? (
          <Button type="primary" onClick={() => navigate(bookLink(personal.data))}>
            {t('addressBooks.openPersonal')}
          </Button>
        ) : personal.isError ? (
          <Typography.Text type="danger">{errorText(personal.error, t)}</Typography.Text>
        ) : (
          <Skeleton.Button active />
        )}
      </Flex>
    </Card>
  );
}

/** Address books: the personal book, then the shared books the caller can see, with what each allows. */
export function BookListView() {
  const { t } = useTranslation();
  const isAdmin = useSessionUser().is_admin;
  const canShare = useCanShare();
  const list = usePagedList<BookProfile, { name: string }>({
    path: '/api/ab/shared/profiles',
    queryKey: [...addressBooksKey, 'profiles'],
    filterKeys: ['name'],
  });
  const [editing, setEditing] = useState<Book | 'new' | null>(null);
  const [sharing, setSharing] = useState<Book | null>(null);

  const confirmDelete = useConfirmDeleteBook();

  const columns: TableColumnsType<BookProfile> = [
    {
      title: t('addressBooks.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, profile) => (
        <Link to={bookLink(profile.guid)}>
          <CellText text={name} width={240} />
        </Link>
      ),
    },
    {
      title: t('addressBooks.owner'),
      dataIndex: 'owner',
      render: (owner: string) => <CellText text={owner} width={140} />,
    },
    {
      title: t('addressBooks.myPermission'),
      dataIndex: 'rule',
      render: (rule: number) => <PermissionTag rule={rule} />,
    },
    {
      title: t('addressBooks.defaultPassword'),
      key: 'password',
      render: (_, profile) => <PasswordMark set={Boolean(profile.info.password)} />,
    },
    {
      title: t('addressBooks.note'),
      dataIndex: 'note',
      render: (note: string) => <CellText text={note} width={220} />,
    },
    {
      title: t('addressBooks.action'),
      key: 'action',
      fixed: 'right',
      render: (_, profile) => {
        const book = bookOfProfile(profile);
        if (!abilitiesOf(book).manage) return null;
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setEditing(book)}>
              {t('addressBooks.edit')}
            </Button>
            <Button type="link" size="small" onClick={() => setSharing(book)}>
              {t('addressBooks.share')}
            </Button>
            <Button type="link" size="small" danger onClick={() => confirmDelete(book)}>
              {t('addressBooks.delete')}
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('addressBooks.title')}
        subtitle={isAdmin ? t('addressBooks.subtitle') : t('addressBooks.memberSubtitle')}
        extra={
          canShare && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('addressBooks.createShared')}
            </Button>
          )
        }
      />
      <PersonalBookCard />
      <FilterBar list={list}>
        <PatternFilter name="name" label={t('addressBooks.name')} width={200} />
      </FilterBar>
      <PagedTable
        list={list}
        columns={columns}
        rowKey="guid"
        title={t('addressBooks.sharedBooks')}
        columnChoice={{ page: 'address-books' }}
      />
      <BookDialog
        open={editing !== null}
        book={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
      <ShareDialog book={sharing} onClose={() => setSharing(null)} />
    </>
  );
}
