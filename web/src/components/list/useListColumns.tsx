import { TableOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, type TableColumnsType } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { useMediaQuery, WIDER_THAN_PHONE } from '../useMediaQuery';
import { loadHiddenColumns, saveHiddenColumns } from './column-choice';

type Column<T> = TableColumnsType<T>[number];

/** The key a column is known by in the choice: its key, else its field. */
const columnKey = <T,>(column: Column<T>): string =>
  String(column.key ?? ('dataIndex' in column ? column.dataIndex : ''));

/** Which columns of a list to pick from, and which of them the list starts without. */
export interface ColumnChoice {
  /** The list's name in the stored choice ("devices", "users"...). */
  page: string;
  /** The keys of the columns hidden until the user shows them. */
  hidden?: readonly string[];
}

/**
 * A list's columns as the signed-in user chose them (remembered in this browser), and the "Columns"
 * button that chooses them. The first column (what names the row) and the Action column always show.
 * Without a `choice` (the lists in dialogs) every column shows and there is no button. Below the md
 * breakpoint (phones) no column stays fixed: fixed columns there leave no room for the others.
 */
export function useListColumns<T>(
  columns: TableColumnsType<T>,
  choice?: ColumnChoice,
): { columns: TableColumnsType<T>; picker: ReactNode } {
  const { t } = useTranslation();
  const userName = useSessionUser().name;
  const narrow = !useMediaQuery(WIDER_THAN_PHONE);
  const page = choice?.page;
  const defaults = choice?.hidden ?? [];
  const [stored, setStored] = useState(() => (page ? loadHiddenColumns(userName, page) : null));
  const hidden = new Set(stored ?? defaults);

  const pickable = columns.filter((column, index) => index > 0 && columnKey(column) !== 'action');
  const choose = (next: string[] | null) => {
    if (!page) return;
    saveHiddenColumns(userName, page, next);
    setStored(next);
  };
  // The same array from one render to the next while nothing it depends on changes: the table then
  // leaves its rows alone when the page around it re-renders.
  // biome-ignore lint/correctness/useExhaustiveDependencies: hidden and pickable derive from stored, defaults and columns
  const shown = useMemo(
    () =>
      columns
        .filter((column) => !hidden.has(columnKey(column)) || !pickable.includes(column))
        .map((column) => (narrow && column.fixed ? { ...column, fixed: undefined } : column)),
    [columns, stored, defaults, narrow],
  );

  const picker = page && (
    <Popover
      trigger="click"
      placement="bottomRight"
      content={
        <Flex vertical gap={4} data-testid="column-picker">
          {pickable.map((column) => {
            const key = columnKey(column);
            return (
              <Checkbox
                key={key}
                checked={!hidden.has(key)}
                onChange={(event) =>
                  choose(
                    event.target.checked ? [...hidden].filter((other) => other !== key) : [...hidden, key],
                  )
                }
              >
                {column.title as ReactNode}
              </Checkbox>
            );
          })}
          <Button
            size="small"
            disabled={stored === null}
            onClick={() => choose(null)}
            style={{ marginTop: 4 }}
          >
            {t('table.columnsReset')}
          </Button>
        </Flex>
      }
    >
      <Button icon={<TableOutlined />}>{t('table.columns')}</Button>
    </Popover>
  );
  return { columns: shown, picker };
}
