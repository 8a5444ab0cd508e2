import { App, Divider, Form, Typography } from 'antd';
import { Fragment, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { NamesPicker, type PickerKind } from '../../components/NamePicker';
import { type GroupBody, type GroupResource, useSaveGroup } from './groups-api';

/** One direction of rules: a heading, what it means, and a picker per kind of rule end. */
export interface AccessSection<V> {
  title: string;
  help: string;
  fields: { name: keyof V & string; kind: PickerKind; label: string }[];
}

/**
 * Edits a group's access rules by name. Only the directions that changed are sent, each as the
 * full new list; the server then shows every rule at its other end too.
 */
export function AccessRulesDialog<V extends Record<string, string[]>>({
  resource,
  group,
  title,
  sections,
  initialValues,
  changes,
  onClose,
}: {
  resource: GroupResource;
  group: { guid: string } | null;
  title: string;
  sections: AccessSection<V>[];
  initialValues: V | undefined;
  changes: (values: V) => GroupBody;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const save = useSaveGroup(resource);
  const { reset } = save;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a refusal for another group is not this one's
  useEffect(() => reset(), [group?.guid, reset]);

  return (
    <FormDialog<V>
      open={group !== null}
      title={title}
      form={form}
      submitText={t('common.save')}
      pending={save.isPending}
      error={save.error}
      onClose={onClose}
      onSubmit={(values) => {
        if (!group) return;
        const body = changes(values);
        if (Object.keys(body).length === 0) {
          void message.info(t('groups.noChanges'));
          onClose();
          return;
        }
        save.mutate(
          { guid: group.guid, body },
          {
            onSuccess: () => {
              void message.success(t('common.saved'));
              onClose();
            },
          },
        );
      }}
    >
      <Typography.Paragraph type="secondary">{t('groups.bothWays')}</Typography.Paragraph>
      {sections.map((section, index) => (
        <Fragment key={section.title}>
          {index > 0 && <Divider style={{ marginBlock: 12 }} />}
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {section.title}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{section.help}</Typography.Paragraph>
          {section.fields.map((field) => (
            <Form.Item
              key={field.name}
              // The field names are V's keys; Form.Item would infer a path type from them.
              name={field.name as string}
              label={field.label}
              initialValue={initialValues?.[field.name] ?? []}
            >
              <NamesPicker kind={field.kind} label={field.label} />
            </Form.Item>
          ))}
        </Fragment>
      ))}
    </FormDialog>
  );
}
