import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

/** What a picker chooses among, and where the API lists them. */
export type PickerKind = 'userGroup' | 'deviceGroup' | 'user';

const SOURCES: Record<PickerKind, string> = {
  userGroup: '/api/user-groups',
  deviceGroup: '/api/device-groups',
  user: '/api/users',
};

interface Choice {
  guid: string;
  name: string;
  display_name?: string;
}

const SEARCH_DELAY_MS = 250;
const OPTIONS_SHOWN = 20;

/**
 * Chooses several user groups, device groups or users by searching the server (there may be
 * thousands): what is typed is matched anywhere in the name. The value is their names, or their guids.
 * Form.Item gives it `id`, `value` and `onChange`.
 */
export function NamePicker({
  kind,
  id,
  value = [],
  onChange,
  valueKey = 'name',
  label,
}: {
  kind: PickerKind;
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  valueKey?: 'name' | 'guid';
  label: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const query = { pageSize: OPTIONS_SHOWN, name: term === '' ? undefined : `%${term}%` };
  const found = useQuery({
    queryKey: ['name-picker', kind, query],
    queryFn: ({ signal }) => api.get<Page<Choice>>(SOURCES[kind], { query, signal }),
    placeholderData: keepPreviousData,
    enabled: open,
  });

  // Chosen values keep their labels when a later search no longer lists them.
  const seen = useRef(new Map<string, Choice>());
  useEffect(() => {
    for (const choice of found.data?.data ?? []) seen.current.set(choice[valueKey], choice);
  }, [found.data, valueKey]);
  const labelOf = (choice: Choice) =>
    choice.display_name ? `${choice.name} (${choice.display_name})` : choice.name;
  const listed = found.data?.data ?? [];
  const listedValues = new Set(listed.map((choice) => choice[valueKey]));
  const options = [
    ...listed.map((choice) => ({ value: choice[valueKey], label: labelOf(choice) })),
    ...value
      .filter((chosen) => !listedValues.has(chosen))
      .map((chosen) => {
        const choice = seen.current.get(chosen);
        return { value: chosen, label: choice ? labelOf(choice) : chosen };
      }),
  ];

  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      aria-label={label}
      value={value}
      onChange={(next) => onChange?.(next)}
      options={options}
      showSearch
      filterOption={false}
      searchValue={typed}
      onSearch={setTyped}
      onOpenChange={setOpen}
      onBlur={() => setTyped('')}
      placeholder={t('groups.pickerPlaceholder')}
      notFoundContent={
        found.isFetching ? (
          <Spin size="small" />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={found.isError ? t('groups.pickerFailed') : t('groups.pickerEmpty')}
          />
        )
      }
      maxTagCount="responsive"
      style={{ width: '100%' }}
    />
  );
}
