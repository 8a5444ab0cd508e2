import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserGroupOptions } from './users-api';

/**
 * A user group by name. It asks the server as one types (a server may have thousands of groups), so
 * only the first matches are offered. `anyLabel` adds an empty choice, for filters.
 */
export function UserGroupSelect({
  value,
  onChange,
  anyLabel,
  label,
  id,
  width,
}: {
  value?: string;
  onChange?: (value: string) => void;
  anyLabel?: string;
  label: string;
  id?: string;
  width?: number;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const groups = useUserGroupOptions(search);
  const options = useMemo(() => {
    const names = (groups.data?.data ?? []).map((group) => group.name);
    // The chosen group stays a choice while a search shows others.
    if (value && !names.includes(value)) names.unshift(value);
    const list = names.map((name) => ({ value: name, label: name }));
    return anyLabel === undefined ? list : [{ value: '', label: anyLabel }, ...list];
  }, [groups.data, value, anyLabel]);

  return (
    <Select
      id={id}
      aria-label={label}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next ?? '')}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={groups.isFetching}
      notFoundContent={groups.isError ? t('errors.title') : undefined}
      options={options}
      style={width ? { width } : undefined}
    />
  );
}
