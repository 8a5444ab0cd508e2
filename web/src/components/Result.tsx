import type { ResultProps } from 'antd';
import { lazy, Suspense } from 'react';

/**
 * antd's Result (about 40 kB with its illustrations) is for what a page rarely shows (an error, a
 * refusal, a missing page): it loads when first shown, not with the console's first page.
 */
const AntdResult = lazy(() => import('antd/es/result'));

export function Result(props: ResultProps) {
  return (
    <Suspense>
      <AntdResult {...props} />
    </Suspense>
  );
}
