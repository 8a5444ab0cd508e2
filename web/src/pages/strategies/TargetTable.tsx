import type { TableColumnsType } from 'antd';
import { FilterBar } from '../../components/list/FilterBar';
import { PatternFilter } from '../../components/list/filter-fields';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import type { TargetKind } from './assignment';

export interface FilterField {
  name: string;
  label: string;
}

/**
 * One list of the assignment dialog (users or device groups; devices have the device picker): the
 * management API's own server-paged list and filters, its state local to the dialog (the page's
 * address stays the page's), and a selection that survives paging and filtering.
 */
export function TargetTable<T extends { guid: string }>({
  kind,
  path,
  fields,
  columns,
  selected,
  onSelect,
}: {
  kind: TargetKind;
  path: string;
  fields: FilterField[];
  columns: TableColumnsType<T>;
  selected: T[];
  onSelect: (rows: T[]) => void;
}) {
  const list = usePagedList<T, Record<string, string>>({
    path,
    queryKey: ['strategy-targets', kind],
    filterKeys: fields.map((field) => field.name),
    scope: 'local',
    pageSize: 10,
  });
  return (
    <>
      {/* Field ids must not collide with the page's or another tab's fields of the same names. */}
      <FilterBar list={list} name={`strategy-targets-${kind}`} compact>
        {fields.map((field) => (
          <PatternFilter key={field.name} name={field.name} label={field.label} width={160} />
        ))}
      </FilterBar>
      <PagedTable<T, Record<string, string>>
        list={list}
        columns={columns}
        rowKey="guid"
        selection={{ selected, onChange: onSelect }}
        compact
      />
    </>
  );
}
