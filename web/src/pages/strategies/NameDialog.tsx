import { App, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { type Strategy, useCreateStrategy, useDuplicateStrategy, useUpdateStrategy } from './strategies-api';

/** The server's limits (src/domain/strategies/service.ts). */
const MAX_NAME = 100;
const MAX_NOTE = 1000;

/** What the dialog does: create one, rename (and annotate) one, or copy one. */
export type NameDialogMode =
  | { kind: 'create' }
  | { kind: 'rename'; strategy: Strategy }
  | { kind: 'duplicate'; strategy: Strategy };

interface NameValues {
  name: string;
  note: string;
}

/** Create, Rename and Duplicate: a name (and a note), checked here, refused by the server inside. */
export function NameDialog({
  mode,
  onClose,
  onCreated,
}: {
  mode: NameDialogMode | null;
  onClose: () => void;
  /** A strategy was created (new or copy): the page opens its options. */
  onCreated: (strategy: Strategy) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NameValues>();
  const create = useCreateStrategy();
  const update = useUpdateStrategy();
  const duplicate = useDuplicateStrategy();
  const kind = mode?.kind;
  const mutation = kind === 'rename' ? update : kind === 'duplicate' ? duplicate : create;

  const resetCreate = create.reset;
  const resetUpdate = update.reset;
  const resetDuplicate = duplicate.reset;
  useEffect(() => {
    if (mode) {
      resetCreate();
      resetUpdate();
      resetDuplicate();
    }
  }, [mode, resetCreate, resetUpdate, resetDuplicate]);

  const created = (strategy: Strategy) => {
    void message.success(t('strategies.created', { name: strategy.name }));
    onCreated(strategy);
  };

  const submit = ({ name, note }: NameValues) => {
    if (!mode) return;
    const trimmed = (name ?? '').trim();
    if (mode.kind === 'create') {
      create.mutate({ name: trimmed, note: note ?? '', options: {} }, { onSuccess: created });
    } else if (mode.kind === 'duplicate') {
      duplicate.mutate(
        { guid: mode.strategy.guid, ...(trimmed === '' ? {} : { name: trimmed }) },
        { onSuccess: created },
      );
    } else {
      update.mutate(
        { guid: mode.strategy.guid, changes: { name: trimmed, note: note ?? '' } },
        {
          onSuccess: () => {
            void message.success(t('common.saved'));
            onClose();
          },
        },
      );
    }
  };

  const title =
    mode?.kind === 'rename'
      ? t('strategies.renameTitle', { name: mode.strategy.name })
      : mode?.kind === 'duplicate'
        ? t('strategies.duplicateTitle', { name: mode.strategy.name })
        : t('strategies.createTitle');
  const nameRequired = mode?.kind !== 'duplicate';

  return (
    <FormDialog<NameValues>
      open={mode !== null}
      title={title}
      form={form}
      submitText={
        mode?.kind === 'rename'
          ? t('common.save')
          : mode?.kind === 'duplicate'
            ? t('strategies.duplicate')
            : t('strategies.create')
      }
      pending={mutation.isPending}
      error={mutation.error}
      onClose={onClose}
      onSubmit={submit}
    >
      {mode?.kind === 'create' && (
        <Typography.Paragraph type="secondary">{t('strategies.createHelp')}</Typography.Paragraph>
      )}
      <Form.Item
        name="name"
        label={t('strategies.name')}
        initialValue={mode?.kind === 'rename' ? mode.strategy.name : ''}
        extra={
          mode?.kind === 'duplicate' ? t('strategies.copyNameHint', { name: mode.strategy.name }) : undefined
        }
        rules={[
          { required: nameRequired, whitespace: true, message: t('strategies.nameRequired') },
          { max: MAX_NAME, message: t('strategies.nameTooLong', { max: MAX_NAME }) },
        ]}
      >
        <Input aria-label={t('strategies.name')} />
      </Form.Item>
      {mode?.kind !== 'duplicate' && (
        <Form.Item
          name="note"
          label={t('strategies.note')}
          initialValue={mode?.kind === 'rename' ? mode.strategy.note : ''}
        >
          <Input.TextArea maxLength={MAX_NOTE} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      )}
    </FormDialog>
  );
}
