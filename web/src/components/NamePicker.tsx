import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Page } from '../api/types';

/** What a picker chooses among. */
export type PickerKind = 'userGroup' | 'deviceGroup' | 'user' | 'strategy' | 'addressBook';

interface Choice {
  guid: string;
  name: string;
  display_name?: string;
}

const SEARCH_DELAY_MS = 250;
const OPTIONS_SHOWN = 20;

/**
 * The first choices whose name contains `term`, from the server (there may be thousands of users or
 * groups). Strategies come as one unpaged list (GET /api/strategies), searched here.
 */
function findChoices(kind: PickerKind, term: string, signal: AbortSignal): Promise<Choice[]> {
  if (kind === 'strategy') {
    const needle = term.toLowerCase();
    return api
      .get<Choice[]>('/api/strategies', { signal })
      .then((all) => all.filter((s) => s.name.toLowerCase().includes(needle)).slice(0, OPTIONS_SHOWN));
  }
  const path = {
    userGroup: '/api/user-groups',
    deviceGroup: '/api/device-groups',
    user: '/api/users',
    addressBook: '/api/ab/shared/profiles',
  }[kind];
  const query = { pageSize: OPTIONS_SHOWN, name: term === '' ? undefined : `%${term}%` };
  return api.get<Page<Choice>>(path, { query, signal }).then((page) => page.data);
}

interface PickerProps<V> {
  kind: PickerKind;
  /** Form.Item gives `id`, `value` and `onChange`. */
  id?: string;
  value?: V;
  onChange?: (value: V) => void;
  /** The value is the names (the default) or the guids of the choices. */
  valueKey?: 'name' | 'guid';
  label: string;
}

/**
 * Chooses several user groups, device groups, users, strategies or shared address books by searching the server: what is
 * typed is matched anywhere in the name.
 */
export function NamesPicker(props: PickerProps<string[]>) {
  return <Picker {...props} multiple />;
}

/** Chooses one (or, cleared, none: the empty string), like NamesPicker. */
export function NamePicker(props: PickerProps<string>) {
  return <Picker {...props} multiple={false} />;
}

function Picker({
  kind,
  id,
  value,
  onChange,
  valueKey = 'name',
  label,
  multiple,
}: (PickerProps<string[]> & { multiple: true }) | (PickerProps<string> & { multiple: false })) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const found = useQuery({
    queryKey: ['name-picker', kind, term],
    queryFn: ({ signal }) => findChoices(kind, term, signal),
    placeholderData: keepPreviousData,
    enabled: open,
  });

  // Chosen values keep their labels when a later search no longer lists them.
  const seen = useRef(new Map<string, Choice>());
  useEffect(() => {
    for (const choice of found.data ?? []) seen.current.set(choice[valueKey], choice);
  }, [found.data, valueKey]);
  const labelOf = (choice: Choice) =>
    choice.display_name ? `${choice.name} (${choice.display_name})` : choice.name;
  const listed = found.data ?? [];
  const listedValues = new Set(listed.map((choice) => choice[valueKey]));
  const chosen = multiple ? (value ?? []) : value ? [value] : [];
  const options = [
    ...listed.map((choice) => ({ value: choice[valueKey], label: labelOf(choice) })),
    ...chosen
      .filter((v) => !listedValues.has(v))
      .map((v) => {
        const choice = seen.current.get(v);
        return { value: v, label: choice ? labelOf(choice) : v };
      }),
  ];

  return (
    <Select<string | string[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      aria-label={label}
      value={multiple ? chosen : value || undefined}
      onChange={(next) => {
        if (multiple) onChange?.(Array.isArray(next) ? next : []);
        else onChange?.(typeof next === 'string' ? next : '');
      }}
      allowClear={!multiple}
      options={options}
      showSearch
      filterOption={false}
      searchValue={typed}
      onSearch={setTyped}
      onOpenChange={setOpen}
      onBlur={() => setTyped('')}
      placeholder={t('picker.placeholder')}
      notFoundContent={
        found.isFetching ? (
          <Spin size="small" />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={found.isError ? t('picker.failed') : t('picker.empty')}
          />
        )
      }
      maxTagCount="responsive"
      style={{ width: '100%' }}
    />
  );
}
