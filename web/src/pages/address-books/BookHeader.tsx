import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import type { Book } from './address-books-api';
import { BookDialog, useConfirmDeleteBook } from './BookDialog';
import { abilitiesOf } from './book-forms';
import { PermissionTag } from './marks';
import { ShareDialog } from './ShareDialog';

/** The name a book shows: the personal book's is the console's own words. */
export function useBookName(): (book: Book) => string {
  const { t } = useTranslation();
  return (book) => (book.personal ? t('addressBooks.personalName') : book.name);
}

/**
 * The header of an open book: its name, owner and the caller's permission, the way back to the list,
 * and for full control of a shared book, Edit, Share and Delete.
 */
export function BookHeader({ book, title, extra }: { book: Book; title?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const name = useBookName()(book);
  const [dialog, setDialog] = useState<'edit' | 'share' | null>(null);
  const confirmDelete = useConfirmDeleteBook(() => navigate('/address-books'));
  const can = abilitiesOf(book);
  return (
    <>
      <PageHeader
        title={title ?? name}
        subtitle={
          <Space size={8} wrap>
            <span>
              {book.personal
                ? t('addressBooks.personalHelp')
                : t('addressBooks.ownedBy', { owner: book.owner })}
            </span>
            <Typography.Text type="secondary">{t('addressBooks.myPermission')}:</Typography.Text>
            <PermissionTag rule={book.rule} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/address-books')}>
              {t('addressBooks.allBooks')}
            </Button>
            {extra}
            {can.manage && (
              <>
                <Button onClick={() => setDialog('edit')}>{t('addressBooks.edit')}</Button>
                <Button onClick={() => setDialog('share')}>{t('addressBooks.share')}</Button>
                <Button danger onClick={() => confirmDelete(book)}>
                  {t('addressBooks.delete')}
                </Button>
              </>
            )}
          </Space>
        }
      />
      {can.manage && (
        <>
          <BookDialog open={dialog === 'edit'} book={book} onClose={() => setDialog(null)} />
          <ShareDialog book={dialog === 'share' ? book : null} onClose={() => setDialog(null)} />
        </>
      )}
    </>
  );
}
