import { InfoCircleOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Switch, Tag, Tooltip, Typography, theme } from 'antd';
import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberInput } from '../../components/NumberInput';
import { type CatalogueOption, controlOf, switchIsOn, valueLabel } from './options';

/**
 * One option of the editor: its key and description, whether it is set (and what the client does when
 * it is not), the control its kind calls for, and a reset to "not set".
 */
export const OptionRow = memo(function OptionRow({
  option,
  value,
  changed,
  problem,
  onChange,
}: {
  option: CatalogueOption;
  /** undefined: not set. */
  value: string | undefined;
  changed: boolean;
  /** Why the value would be refused, said before sending. */
  problem: string | null;
  onChange: (key: string, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { key } = option;
  const control = controlOf(option);
  const isSet = value !== undefined;
  const set = (next: string | null) => onChange(key, next);

  let input: ReactNode;
  switch (control.type) {
    case 'switch':
      input = (
        <Switch
          aria-label={key}
          checked={switchIsOn(option, value)}
          onChange={(on) => set(on ? 'Y' : 'N')}
          // A switch that only shows the client default is drawn fainter than one that is set.
          style={isSet ? undefined : { opacity: 0.55 }}
        />
      );
      break;
    case 'select':
      input = (
        <Select
          aria-label={key}
          value={value === '' ? undefined : value}
          placeholder={
            option.default ? valueLabel(option, option.default) : t('strategies.notSetPlaceholder')
          }
          options={control.values.map((v) => ({ value: v, label: valueLabel(option, v), title: v }))}
          onChange={(next: string) => set(next)}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
        />
      );
      break;
    case 'number':
      input = (
        <NumberInput
          aria-label={key}
          status={problem ? 'error' : undefined}
          value={value === undefined || value === '' ? null : Number(value)}
          min={control.min}
          max={control.max}
          precision={0}
          placeholder={option.default || t('strategies.notSetPlaceholder')}
          onChange={(next) => set(next === null ? null : String(next))}
          style={{ width: 220 }}
        />
      );
      break;
    case 'text':
      input = (
        <Input
          aria-label={key}
          status={problem ? 'error' : undefined}
          value={value ?? ''}
          maxLength={control.maxLength}
          placeholder={t('strategies.notSetPlaceholder')}
          onChange={(event) => set(event.target.value)}
          style={{ width: 220 }}
        />
      );
      break;
  }

  const status = !isSet
    ? option.default === ''
      ? t('strategies.clientDefaultEmpty')
      : t('strategies.clientDefault', { value: valueLabel(option, option.default) })
    : value === ''
      ? t('strategies.emptyValue')
      : null;

  return (
    <Flex
      gap={16}
      justify="space-between"
      align="center"
      wrap
      data-testid={`option-${key}`}
      style={{
        padding: '10px 12px',
        borderBottom: `1px solid ${token.colorSplit}`,
        background: changed ? token.colorWarningBg : undefined,
      }}
    >
      <div style={{ flex: '1 1 280px', minWidth: 0 }}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text code>{key}</Typography.Text>
          {isSet && <Tag color="blue">{t('strategies.set')}</Tag>}
          {option.store !== 'settings' && (
            <Tooltip title={t('strategies.notPushed')}>
              <InfoCircleOutlined
                aria-label={t('strategies.notPushed')}
                style={{ color: token.colorTextTertiary }}
              />
            </Tooltip>
          )}
        </Flex>
        <Typography.Text style={{ display: 'block', marginTop: 2 }}>{option.description}</Typography.Text>
        {problem ? (
          <Typography.Text type="danger" role="alert" style={{ fontSize: token.fontSizeSM }}>
            {problem}
          </Typography.Text>
        ) : (
          status && (
            <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
              {status}
            </Typography.Text>
          )
        )}
      </div>
      <Flex gap={4} align="center">
        {input}
        <Tooltip title={t('strategies.reset', { key })}>
          <Button
            type="text"
            icon={<UndoOutlined />}
            aria-label={t('strategies.reset', { key })}
            disabled={!isSet}
            onClick={() => set(null)}
          />
        </Tooltip>
      </Flex>
    </Flex>
  );
});
