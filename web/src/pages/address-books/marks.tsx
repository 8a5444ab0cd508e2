import { LockOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../components/list/CellText';
import { PatternFilter } from '../../components/list/filter-fields';
import { tagColorCss } from './tag-colors';

const RULE_LABELS = {
  1: 'addressBooks.ruleRead',
  2: 'addressBooks.ruleReadWrite',
  3: 'addressBooks.ruleFull',
} as const;
const RULE_COLORS = { 1: 'default', 2: 'blue', 3: 'green' } as const;

/** The permission label of a rule: 1 read-only, 2 read/write, 3 full control. */
export function useRuleLabel(): (rule: number) => string {
  const { t } = useTranslation();
  return (rule) =>
    rule === 1 || rule === 2 || rule === 3 ? t(RULE_LABELS[rule]) : t('addressBooks.ruleUnknown', { rule });
}

export function PermissionTag({ rule }: { rule: number }) {
  const label = useRuleLabel();
  const color = rule === 1 || rule === 2 || rule === 3 ? RULE_COLORS[rule] : 'default';
  return <Tag color={color}>{label(rule)}</Tag>;
}

/** Whether a password is set: never the password itself. */
export function PasswordMark({ set }: { set: boolean }) {
  const { t } = useTranslation();
  if (!set) return <Typography.Text type="secondary">-</Typography.Text>;
  return (
    <Tooltip title={t('addressBooks.passwordSetHelp')}>
      <Typography.Text>
        <LockOutlined /> {t('addressBooks.passwordSet')}
      </Typography.Text>
    </Tooltip>
  );
}

/** A tag as a chip with its colour as a dot (readable on either theme, whatever the colour). */
export function TagChip({
  name,
  colors,
  onClose,
}: {
  name: string;
  colors: ReadonlyMap<string, number>;
  /** Makes the chip closable (in the tags field of a form). */
  onClose?: () => void;
}) {
  return (
    <Tag
      style={{ marginInlineEnd: 4 }}
      closable={onClose !== undefined}
      onClose={onClose}
      // Keeps the select from opening when the chip's ✕ is pressed.
      onMouseDown={onClose && ((event) => event.preventDefault())}
    >
      <TagName name={name} argb={colors.get(name)} />
    </Tag>
  );
}

/**
 * A tag's name after a dot of its colour. The text keeps the colour of where it sits (a selected
 * filter chip is coloured); a ring keeps the dot visible on a background of its own colour.
 */
export function TagName({ name, argb }: { name: string; argb: number | undefined }) {
  // A long name is cut (the whole of it on hover), in the tags bar and in the table alike.
  const { token } = theme.useToken();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span
        aria-hidden="true"
        style={{
          width: 8,
          height: 8,
          borderRadius: '50%',
          background: argb === undefined ? 'transparent' : tagColorCss(argb),
          boxShadow: `0 0 0 1px ${token.colorBgContainer}`,
        }}
      />
      <CellText text={name} width={180} />
    </span>
  );
}

/** The ID and alias filters of a book's peers and of its recycle bin: LIKE patterns the API applies. */
export function PeerFilterFields() {
  const { t } = useTranslation();
  return (
    <>
      <PatternFilter name="id" label={t('addressBooks.peerId')} />
      <PatternFilter name="alias" label={t('addressBooks.alias')} />
    </>
  );
}
