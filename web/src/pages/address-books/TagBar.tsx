import { Button, Card, Checkbox, Flex, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import type { AbTag } from './address-books-api';
import { TagName } from './marks';
import { type TagFilter, toggleTag, toggleUntagged } from './tag-filter';

/** A toggle of the filter: a real button, so the keyboard and screen readers know it and its state. */
function FilterChip({
  checked,
  onToggle,
  label,
  children,
}: {
  checked: boolean;
  onToggle: () => void;
  label?: string;
  children: ReactNode;
}) {
  return (
    <Button
      size="small"
      shape="round"
      type={checked ? 'primary' : 'default'}
      aria-pressed={checked}
      aria-label={label}
      onClick={onToggle}
    >
      {children}
    </Button>
  );
}

/** The tags bar above a book's peers: click tags to filter by them, or "Untagged". */
export function TagBar({
  tags,
  error,
  filter,
  onChange,
}: {
  tags: AbTag[] | undefined;
  error: unknown;
  filter: TagFilter;
  onChange: (filter: TagFilter) => void;
}) {
  const { t } = useTranslation();
  let content: ReactNode;
  if (tags === undefined) {
    content = error ? (
      <Typography.Text type="danger">{errorText(error, t)}</Typography.Text>
    ) : (
      <Skeleton.Input active size="small" />
    );
  } else {
    content = (
      <>
        <FilterChip checked={filter.untagged} onToggle={() => onChange(toggleUntagged(filter))}>
          {t('addressBooks.untagged')}
        </FilterChip>
        {tags.map((tag) => (
          <FilterChip
            key={tag.name}
            checked={filter.tags.includes(tag.name)}
            onToggle={() => onChange(toggleTag(filter, tag.name))}
            label={t('addressBooks.filterByTag', { name: tag.name })}
          >
            <TagName name={tag.name} argb={tag.color} />
          </FilterChip>
        ))}
        {tags.length === 0 && <Typography.Text type="secondary">{t('addressBooks.noTags')}</Typography.Text>}
      </>
    );
  }
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('addressBooks.tags')}</Typography.Text>
        {content}
        <Checkbox
          style={{ marginInlineStart: 'auto' }}
          checked={filter.matchAll}
          disabled={filter.tags.length < 2}
          onChange={(event) => onChange({ ...filter, matchAll: event.target.checked })}
        >
          {t('addressBooks.matchAll')}
        </Checkbox>
      </Flex>
    </Card>
  );
}
