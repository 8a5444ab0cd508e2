import type { PaginationProps } from 'antd';
import type { TFunction } from 'i18next';
import { cloneElement, isValidElement } from 'react';

const LABELS = {
  prev: 'table.previousPage',
  next: 'table.nextPage',
  'jump-prev': 'table.previousPages',
  'jump-next': 'table.nextPages',
} as const;

/**
 * Names antd's arrow buttons of a pagination. antd draws them with an icon alone, which screen readers
 * would call by the icon's English name (or, with the icon hidden, not at all).
 */
export function labelledPaginationItems(t: TFunction): NonNullable<PaginationProps['itemRender']> {
  return (_page, type, element) =>
    type !== 'page' && isValidElement<{ 'aria-label'?: string }>(element)
      ? cloneElement(element, { 'aria-label': t(LABELS[type]) })
      : element;
}
