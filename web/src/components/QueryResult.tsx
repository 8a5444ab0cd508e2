import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';

/**
 * The three states of loaded data, designed once: a skeleton while loading, the error with a retry,
 * then the content. Pages render `children(data)` only when there is data.
 */
export function QueryResult<T>({
  query,
  children,
  rows = 4,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  rows?: number;
}) {
  const { t } = useTranslation();
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) return <QueryError query={query} />;
  return <Skeleton active paragraph={{ rows }} aria-busy="true" aria-label={t('common.loading')} />;
}

/** A query that failed with nothing to show: the server's message and a retry. */
export function QueryError({ query }: { query: UseQueryResult<unknown> }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('errors.title')}
      subTitle={errorText(query.error, t)}
      extra={
        <Button type="primary" onClick={() => void query.refetch()} loading={query.isFetching}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
