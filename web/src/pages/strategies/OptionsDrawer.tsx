import { SearchOutlined } from '@ant-design/icons';
import { App, Badge, Button, Checkbox, Drawer, Empty, Flex, Input, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { DEFAULT_LANGUAGE, isLanguageCode, type LanguageCode } from '../../i18n/languages';
import { OptionRow } from './OptionRow';
import { optionDescriptionsZhCN } from './option-descriptions.zh-CN';
import { optionValuesZhCN } from './option-values.zh-CN';
import {
  applyEdits,
  type CatalogueOption,
  type CatalogueTexts,
  changedKeys,
  currentValue,
  describeIn,
  groupOptions,
  matchesSearch,
  type OptionEdits,
  type OptionSection,
  type ValueProblem,
  valueProblem,
} from './options';
import { type Strategy, useCatalogue, useUpdateStrategy } from './strategies-api';

const SECTION_LABELS = {
  security: 'strategies.sectionSecurity',
  permissions: 'strategies.sectionPermissions',
  network: 'strategies.sectionNetwork',
  display: 'strategies.sectionDisplay',
  other: 'strategies.sectionOther',
} as const satisfies Record<OptionSection, string>;

/** The option descriptions and value names per console language; English is the server's own text. */
export const CATALOGUE_TEXTS: Record<LanguageCode, CatalogueTexts> = {
  en: { descriptions: {}, values: {} },
  'zh-CN': { descriptions: optionDescriptionsZhCN, values: optionValuesZhCN },
};

/**
 * The option editor of one strategy, built from the server's catalogue: sections as tabs, a search
 * over keys and descriptions, and a save that replaces the option map with the stored one plus the
 * edits (so only the options set are sent, never the catalogue's defaults).
 */
export function OptionsDrawer({ strategy, onClose }: { strategy: Strategy | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const catalogue = useCatalogue();
  const language = isLanguageCode(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  // Described in the console's language, so the rows and the search show the same text.
  const described = useMemo(
    () => (catalogue.data ? describeIn(catalogue.data, CATALOGUE_TEXTS[language]) : undefined),
    [catalogue.data, language],
  );
  const update = useUpdateStrategy();
  const [edits, setEdits] = useState<OptionEdits>({});
  const [search, setSearch] = useState('');
  const [onlySet, setOnlySet] = useState(false);
  const [tab, setTab] = useState<OptionSection>('security');

  const guid = strategy?.guid;
  const { reset } = update;
  // biome-ignore lint/correctness/useExhaustiveDependencies: another strategy starts a fresh editor
  useEffect(() => {
    setEdits({});
    setSearch('');
    setOnlySet(false);
    setTab('security');
    reset();
  }, [guid, reset]);

  const stored = strategy?.options ?? {};
  const changed = useMemo(() => changedKeys(stored, edits), [stored, edits]);
  // The catalogue is loaded before any option can be changed.
  const problems = useMemo(() => {
    const byKey = new Map((catalogue.data ?? []).map((option) => [option.key, option]));
    const found = new Map<string, ValueProblem>();
    for (const key of changed) {
      const option = byKey.get(key);
      const value = currentValue(stored, edits, key);
      const problem = option && value !== undefined ? valueProblem(option, value) : null;
      if (problem) found.set(key, problem);
    }
    return found;
  }, [catalogue.data, changed, stored, edits]);
  const problemText = (problem: ValueProblem | undefined): string | null => {
    if (!problem) return null;
    switch (problem.kind) {
      case 'yesNo':
        return t('strategies.problemYesNo');
      case 'oneOf':
        return t('strategies.problemOneOf', { values: problem.values.join(', ') });
      case 'range':
        return t('strategies.problemRange', { min: problem.min, max: problem.max });
      case 'tooLong':
        return t('strategies.problemTooLong', { max: problem.max });
    }
  };
  const onChange = useCallback(
    (key: string, value: string | null) => setEdits((previous) => ({ ...previous, [key]: value })),
    [],
  );

  const close = () => {
    if (changed.length === 0) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('strategies.discardTitle'),
      content: t('strategies.discardText', { count: changed.length }),
      okText: t('strategies.discard'),
      okButtonProps: { danger: true },
      cancelText: t('strategies.keepEditing'),
      onOk: onClose,
    });
  };

  const save = () => {
    if (!strategy || changed.length === 0 || problems.size > 0) return;
    update.mutate(
      { guid: strategy.guid, changes: { options: applyEdits(stored, edits) } },
      {
        onSuccess: () => {
          void message.success(t('strategies.optionsSaved'));
          onClose();
        },
      },
    );
  };

  const row = (option: CatalogueOption) => (
    <OptionRow
      key={option.key}
      option={option}
      value={currentValue(stored, edits, option.key)}
      changed={changed.includes(option.key)}
      problem={problemText(problems.get(option.key))}
      onChange={onChange}
    />
  );

  const body = (options: CatalogueOption[]) => {
    // An option reset while "only set" is on stays in view until saved, so the reset can be undone.
    const keep = (option: CatalogueOption) =>
      matchesSearch(option, search) &&
      (!onlySet || currentValue(stored, edits, option.key) !== undefined || Object.hasOwn(edits, option.key));
    const groups = groupOptions(options, keep);
    const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('strategies.noOptionMatches')} />;
    // Searching shows every match at once, under its section's name.
    if (search.trim() !== '' || onlySet) {
      const found = groups.filter((group) => group.options.length > 0);
      if (found.length === 0) return none;
      return found.map((group) => (
        <section key={group.section} aria-label={t(SECTION_LABELS[group.section])}>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t(SECTION_LABELS[group.section])}
          </Typography.Title>
          {group.options.map(row)}
        </section>
      ));
    }
    return (
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as OptionSection)}
        items={groups.map((group) => {
          const setCount = group.options.filter(
            (option) => currentValue(stored, edits, option.key) !== undefined,
          ).length;
          return {
            key: group.section,
            label: (
              <Flex gap={6} align="center">
                {t(SECTION_LABELS[group.section])}
                <Badge count={setCount} size="small" color="blue" />
              </Flex>
            ),
            children: group.options.length > 0 ? group.options.map(row) : none,
          };
        })}
      />
    );
  };

  return (
    <Drawer
      open={strategy !== null}
      title={strategy ? t('strategies.editorTitle', { name: strategy.name }) : ''}
      onClose={close}
      width="min(820px, 100vw)"
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text type={changed.length > 0 ? 'warning' : 'secondary'}>
            {changed.length > 0
              ? t('strategies.changes', { count: changed.length })
              : t('strategies.noChanges')}
          </Typography.Text>
          <Flex gap={8}>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={update.isPending} disabled={changed.length === 0} onClick={save}>
              {t('common.save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <ServerErrorAlert error={update.error} />
      <Typography.Paragraph type="secondary">{t('strategies.editorHelp')}</Typography.Paragraph>
      <Flex gap={16} align="center" wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t('strategies.searchOptions')}
          aria-label={t('strategies.searchOptions')}
          // The list filters as one types; antd's button would be named by its icon alone.
          enterButton={<Button icon={<SearchOutlined />} aria-label={t('table.query')} />}
          style={{ maxWidth: 320 }}
        />
        <Checkbox checked={onlySet} onChange={(event) => setOnlySet(event.target.checked)}>
          {t('strategies.onlySet')}
        </Checkbox>
      </Flex>
      <QueryResult query={catalogue} rows={8}>
        {(served) => body(described ?? served)}
      </QueryResult>
    </Drawer>
  );
}
