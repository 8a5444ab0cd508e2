import { QuestionCircleOutlined } from '@ant-design/icons';
import { Form, Input, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A text filter of a filter bar that the API matches as a LIKE pattern (`%` a wildcard), with the
 * pattern's help beside it.
 */
export function PatternFilter({
  name,
  label,
  width = 180,
  help,
}: {
  name: string;
  label: string;
  width?: number;
  /** The pattern's help; by default the device list's. */
  help?: string;
}) {
  const { t } = useTranslation();
  const text = help ?? t('devices.wildcardHelp');
  return (
    <Form.Item name={name} label={label}>
      <Input
        allowClear
        style={{ width }}
        aria-label={label}
        suffix={
          <Tooltip title={text}>
            <QuestionCircleOutlined aria-label={text} />
          </Tooltip>
        }
      />
    </Form.Item>
  );
}

/**
 * A filter of a filter bar with a set of choices, the first "any" (the filter unset); `searchable`
 * for long lists (the logs' codes).
 */
export function ChoiceFilter({
  name,
  label,
  options,
  width = 120,
  searchable = false,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  width?: number;
  searchable?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label}>
      <Select
        style={{ width }}
        aria-label={label}
        showSearch={searchable}
        optionFilterProp={searchable ? 'label' : undefined}
        popupMatchSelectWidth={!searchable}
        options={[{ value: '', label: t('devices.any') }, ...options]}
      />
    </Form.Item>
  );
}

/** The presence filter of device lists: online, offline or either. */
export function PresenceFilter({ width }: { width?: number }) {
  const { t } = useTranslation();
  return (
    <ChoiceFilter
      name="online"
      label={t('devices.presence')}
      width={width}
      options={[
        { value: 'true', label: t('devices.online') },
        { value: 'false', label: t('devices.offline') },
      ]}
    />
  );
}
