import { Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { NumberInput } from '../../components/NumberInput';
import { type CreatedApiToken, useCreateToken } from './settings-api';
import {
  EXPIRY_PRESETS,
  expiryTime,
  grantedPermissions,
  MAX_EXPIRY_DAYS,
  MAX_TOKEN_NAME_LENGTH,
  noPermissions,
  PERMISSION_LEVELS,
  type PermissionLevel,
  TOKEN_AREAS,
  type TokenFormValues,
  type TokenPermissions,
  tokenRequestOf,
} from './token-permissions';

const LEVEL_LABELS = {
  none: 'settings.levelNone',
  r: 'settings.levelRead',
  rw: 'settings.levelReadWrite',
} as const;

/** A level per area, one radio group each, named after its area (Form.Item hands in value and onChange). */
function PermissionsPicker({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: TokenPermissions;
  onChange?: (permissions: TokenPermissions) => void;
}) {
  const { t } = useTranslation();
  const fallbackId = useId();
  const base = id ?? fallbackId;
  const permissions = value ?? noPermissions();
  return (
    <Flex id={base} vertical gap={8} role="group" aria-label={t('settings.permissions')}>
      {TOKEN_AREAS.map((area) => (
        <Flex key={area} justify="space-between" align="center" gap={8} wrap>
          <Typography.Text id={`${base}-${area}`}>{t(`settings.area.${area}`)}</Typography.Text>
          <div role="radiogroup" aria-labelledby={`${base}-${area}`}>
            <Radio.Group
              optionType="button"
              size="small"
              value={permissions[area]}
              onChange={(event) =>
                onChange?.({ ...permissions, [area]: event.target.value as PermissionLevel })
              }
              options={PERMISSION_LEVELS.map((level) => ({ value: level, label: t(LEVEL_LABELS[level]) }))}
            />
          </div>
        </Flex>
      ))}
    </Flex>
  );
}

/** Create an API token: a name, an expiry and a level per area. The secret goes to `onCreated`. */
export function CreateTokenDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TokenFormValues>();
  const create = useCreateToken();
  const expiry = Form.useWatch('expiry', form);
  const days = Form.useWatch('days', form);
  const daysValid =
    typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_EXPIRY_DAYS;
  const expiresAt =
    expiry && (expiry !== 'custom' || daysValid) ? expiryTime(expiry, days, Date.now()) : null;

  const close = () => {
    create.reset();
    onClose();
  };

  return (
    <FormDialog<TokenFormValues>
      open={open}
      title={t('settings.createToken')}
      form={form}
      submitText={t('settings.create')}
      pending={create.isPending}
      error={create.error}
      onClose={close}
      onSubmit={(values) =>
        create.mutate(tokenRequestOf(values, Date.now()), {
          onSuccess: (token) => {
            // The secret lives on only in the dialog that shows it once.
            create.reset();
            onCreated(token);
          },
        })
      }
    >
      <Form.Item
        name="name"
        label={t('settings.tokenName')}
        initialValue=""
        rules={[
          { required: true, whitespace: true, message: t('settings.tokenNameRequired') },
          {
            max: MAX_TOKEN_NAME_LENGTH,
            message: t('settings.tokenNameTooLong', { max: MAX_TOKEN_NAME_LENGTH }),
          },
        ]}
      >
        <Input autoComplete="off" placeholder={t('settings.tokenNamePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="expiry"
        label={t('settings.expiry')}
        initialValue="90"
        extra={
          expiresAt === null
            ? undefined
            : t('settings.expiresOn', { time: new Date(expiresAt).toLocaleString() })
        }
      >
        <Select
          style={{ maxWidth: 240 }}
          options={EXPIRY_PRESETS.map((choice) => ({
            value: choice,
            label:
              choice === 'never'
                ? t('settings.expiryNever')
                : choice === 'custom'
                  ? t('settings.expiryCustom')
                  : t('settings.expiryDays', { count: Number(choice) }),
          }))}
        />
      </Form.Item>
      {expiry === 'custom' && (
        <Form.Item
          name="days"
          label={t('settings.expiryDaysLabel')}
          rules={[
            { required: true, message: t('settings.expiryDaysInvalid', { max: MAX_EXPIRY_DAYS }) },
            {
              type: 'integer',
              min: 1,
              max: MAX_EXPIRY_DAYS,
              message: t('settings.expiryDaysInvalid', { max: MAX_EXPIRY_DAYS }),
            },
          ]}
        >
          <NumberInput style={{ width: 160 }} />
        </Form.Item>
      )}
      <Form.Item
        name="permissions"
        label={t('settings.permissions')}
        extra={t('settings.permissionsHelp')}
        initialValue={noPermissions()}
        rules={[
          {
            validator: async (_, permissions: TokenPermissions | undefined) => {
              if (grantedPermissions(permissions ?? {}).length === 0)
                throw new Error(t('settings.permissionsRequired'));
            },
          },
        ]}
      >
        <PermissionsPicker />
      </Form.Item>
    </FormDialog>
  );
}
