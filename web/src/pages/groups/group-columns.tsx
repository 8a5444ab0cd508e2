import { Button, Flex, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../components/list/CellText';
import { PatternFilter } from '../../components/list/filter-fields';
import { localTimeOfSeconds } from '../../components/time';

interface GroupRow {
  guid: string;
  name: string;
  note: string;
  created_at: number;
}

/** The name filter of both group lists, `%` a wildcard. */
export function NameFilterField() {
  const { t } = useTranslation();
  return <PatternFilter name="name" label={t('groups.name')} width={220} help={t('groups.wildcardHelp')} />;
}

/** A column that opens the group's members: the count as a link. */
export function membersColumn<T extends GroupRow>(
  title: string,
  count: (group: T) => number,
  onOpen: (group: T) => void,
  label: (group: T) => string,
): TableColumnsType<T>[number] {
  return {
    title,
    key: 'members',
    align: 'right',
    render: (_, group) => (
      <Button type="link" size="small" onClick={() => onOpen(group)} aria-label={label(group)}>
        {count(group)}
      </Button>
    ),
  };
}

/** Columns both group lists share, around the page's own ones; actions are link buttons in a row. */
export function groupColumns<T extends GroupRow>(
  t: TFunction,
  middle: TableColumnsType<T>,
  actions: { label: string; onClick: (group: T) => void; danger?: boolean }[],
): TableColumnsType<T> {
  return [
    {
      title: t('groups.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string) => (
        <strong>
          <CellText text={name} width={240} />
        </strong>
      ),
    },
    ...middle,
    {
      title: t('groups.note'),
      dataIndex: 'note',
      render: (note: string) => <CellText text={note} width={220} />,
    },
    {
      title: t('groups.created'),
      dataIndex: 'created_at',
      render: (seconds: number) => (
        <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfSeconds(seconds)}</span>
      ),
    },
    {
      title: t('groups.action'),
      key: 'action',
      fixed: 'right',
      render: (_, group) => (
        <Flex gap={0} wrap={false}>
          {actions.map((action) => (
            <Button
              key={action.label}
              type="link"
              size="small"
              danger={action.danger}
              onClick={() => action.onClick(group)}
            >
              {action.label}
            </Button>
          ))}
        </Flex>
      ),
    },
  ];
}
