import { DesktopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type AccessRule, RULE_TYPE } from './access-rules';

const SHOWN = 4;

function kindOf(type: number, t: TFunction) {
  if (type === RULE_TYPE.deviceGroup) return { icon: <DesktopOutlined />, text: t('groups.ruleDeviceGroup') };
  if (type === RULE_TYPE.user) return { icon: <UserOutlined />, text: t('groups.ruleUser') };
  return { icon: <TeamOutlined />, text: t('groups.ruleUserGroup') };
}

/** Access rules in a table cell: the first few as tags (icon = kind), the rest behind "+N". */
export function RuleTags({ rules }: { rules: readonly AccessRule[] }) {
  const { t } = useTranslation();
  if (rules.length === 0) return <>-</>;
  const tag = (rule: AccessRule) => {
    const { icon, text } = kindOf(rule.type, t);
    return (
      <Tooltip key={`${rule.type}:${rule.name}`} title={text}>
        <Tag icon={icon} style={{ marginInlineEnd: 0 }}>
          {rule.name}
        </Tag>
      </Tooltip>
    );
  };
  const rest = rules.slice(SHOWN);
  return (
    <Flex gap={4} wrap style={{ maxWidth: 320 }}>
      {rules.slice(0, SHOWN).map(tag)}
      {rest.length > 0 && (
        <Tooltip title={rest.map((rule) => `${kindOf(rule.type, t).text}: ${rule.name}`).join(', ')}>
          <Tag style={{ marginInlineEnd: 0 }}>{t('groups.moreRules', { count: rest.length })}</Tag>
        </Tooltip>
      )}
    </Flex>
  );
}
