import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useSessionUser } from '../../auth/SessionUser';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { BookNotFound, useBook } from './address-books-api';
import { BookListView } from './BookListView';
import { PeersView } from './PeersView';
import { RecycleBinView } from './RecycleBinView';

/** An open book (`?ab=<guid>`), or its recycle bin (`&view=bin`). */
function BookPage({ guid, bin }: { guid: string; bin: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const book = useBook(guid, useSessionUser().name);
  if (book.error instanceof BookNotFound) {
    return (
      <>
        <PageHeader title={t('addressBooks.title')} />
        <Result
          status="404"
          title={t('addressBooks.notFoundTitle')}
          subTitle={t('addressBooks.notFoundText')}
          extra={
            <Button type="primary" onClick={() => navigate('/address-books')}>
              {t('addressBooks.allBooks')}
            </Button>
          }
        />
      </>
    );
  }
  return (
    <QueryResult query={book} rows={8}>
      {(found) => (bin ? <RecycleBinView book={found} /> : <PeersView book={found} />)}
    </QueryResult>
  );
}

/**
 * Address books, for everyone: administrators see and manage every shared book, other users the
 * books shared with them and their personal book, each with what the book's rule allows them.
 */
export default function AddressBooksPage() {
  const [params] = useSearchParams();
  const guid = params.get('ab');
  // A new key per book and view: nothing of one book's state (selection, dialogs) leaks into another.
  if (guid) {
    const bin = params.get('view') === 'bin';
    return <BookPage key={`${guid}/${bin}`} guid={guid} bin={bin} />;
  }
  return <BookListView />;
}
