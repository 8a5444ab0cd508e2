import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Flex,
  Form,
  Modal,
  Popconfirm,
  Select,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useSessionUser } from '../../auth/SessionUser';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { PagedTable } from '../../components/list/PagedTable';
import { usePagedList } from '../../components/list/usePagedList';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import {
  addressBooksKey,
  type Book,
  useAddRule,
  useCanShare,
  useDeleteRule,
  useUpdateRule,
} from './address-books-api';
import {
  isBookRule,
  newRuleBodyOf,
  RULES,
  type RuleFormValues,
  type RuleTarget,
  type ShareRule,
  targetOf,
} from './book-forms';
import { PermissionTag, useRuleLabel } from './marks';

const TARGET_LABELS = {
  user: 'addressBooks.targetUser',
  group: 'addressBooks.targetGroup',
  everyone: 'addressBooks.targetEveryone',
} as const;

/**
 * Names to pick from while typing, for administrators (only they may list users and groups; anyone
 * else types the exact name and the server says when it does not exist).
 */
function useNameSuggestions(target: RuleTarget, typed: string, enabled: boolean) {
  const deferred = useDeferredValue(typed.trim());
  const path = target === 'user' ? '/api/users' : '/api/user-groups';
  const query = useQuery({
    queryKey: ['address-books-share-names', path, deferred],
    queryFn: ({ signal }) =>
      api.get<Page<{ name: string }>>(path, {
        query: { name: `${deferred}%`, pageSize: 10 },
        signal,
      }),
    enabled: enabled && target !== 'everyone',
    staleTime: 30_000,
  });
  return (query.data?.data ?? []).map((entry) => ({ value: entry.name }));
}

function AddRuleForm({ book }: { book: Book }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isAdmin = useSessionUser().is_admin;
  const ruleLabel = useRuleLabel();
  const [form] = Form.useForm<RuleFormValues>();
  const add = useAddRule();
  const target: RuleTarget = Form.useWatch('target', form) ?? 'user';
  const typed: string = Form.useWatch('name', form) ?? '';
  const suggestions = useNameSuggestions(target, typed, isAdmin);

  return (
    <>
      <ServerErrorAlert error={add.error} />
      <Form<RuleFormValues>
        form={form}
        name="address-book-share"
        layout="inline"
        requiredMark={false}
        initialValues={{ target: 'user', name: '', rule: 1 }}
        style={{ rowGap: 12, marginBottom: 16 }}
        onFinish={(values) =>
          add.mutate(newRuleBodyOf(book.guid, values), {
            onSuccess: () => {
              void message.success(t('addressBooks.ruleAdded'));
              form.setFieldValue('name', '');
            },
          })
        }
      >
        <Form.Item name="target">
          <Select
            aria-label={t('addressBooks.shareWith')}
            style={{ width: 130 }}
            options={(['user', 'group', 'everyone'] as const).map((value) => ({
              value,
              label: t(TARGET_LABELS[value]),
            }))}
          />
        </Form.Item>
        {target !== 'everyone' && (
          <Form.Item
            name="name"
            rules={[
              {
                required: true,
                whitespace: true,
                message: target === 'user' ? t('addressBooks.userRequired') : t('addressBooks.groupRequired'),
              },
            ]}
          >
            <AutoComplete
              aria-label={target === 'user' ? t('addressBooks.userName') : t('addressBooks.groupName')}
              placeholder={target === 'user' ? t('addressBooks.userName') : t('addressBooks.groupName')}
              options={suggestions}
              style={{ width: 200 }}
              maxLength={256}
            />
          </Form.Item>
        )}
        <Form.Item name="rule">
          <Select
            aria-label={t('addressBooks.permission')}
            style={{ width: 150 }}
            options={RULES.map((rule) => ({ value: rule, label: ruleLabel(rule) }))}
          />
        </Form.Item>
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Button type="primary" htmlType="submit" loading={add.isPending}>
            {t('addressBooks.addRule')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/** The book's rules; with `editable`, each rule's permission can be changed and the rule removed. */
function RulesTable({ book, editable }: { book: Book; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ruleLabel = useRuleLabel();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const list = usePagedList<ShareRule, Record<string, string>>({
    path: '/api/ab/rules',
    queryKey: [...addressBooksKey, 'rules', book.guid],
    filterKeys: [],
    scope: 'local',
    fixed: { ab: book.guid },
  });
  const failed = (error: unknown) => void message.error(errorText(error, t));

  const columns: TableColumnsType<ShareRule> = [
    {
      title: t('addressBooks.ruleName'),
      key: 'name',
      render: (_, rule) => (
        <CellText text={rule.user ?? rule.group ?? t('addressBooks.targetEveryone')} width={200} />
      ),
    },
    { title: t('addressBooks.ruleType'), key: 'type', render: (_, rule) => t(TARGET_LABELS[targetOf(rule)]) },
    {
      title: t('addressBooks.permission'),
      key: 'rule',
      render: (_, rule) =>
        editable ? (
          <Select
            size="small"
            aria-label={t('addressBooks.permissionOf', {
              name: rule.user ?? rule.group ?? t('addressBooks.targetEveryone'),
            })}
            value={rule.rule}
            style={{ width: 150 }}
            options={RULES.map((value) => ({ value, label: ruleLabel(value) }))}
            onChange={(value: number) => {
              if (!isBookRule(value)) return;
              update.mutate(
                { guid: rule.guid, rule: value },
                { onSuccess: () => void message.success(t('common.saved')), onError: failed },
              );
            }}
          />
        ) : (
          <PermissionTag rule={rule.rule} />
        ),
    },
  ];
  if (editable)
    columns.push({
      title: t('addressBooks.action'),
      key: 'action',
      render: (_, rule) => (
        <Popconfirm
          title={t('addressBooks.confirmRemoveRule')}
          okText={t('addressBooks.remove')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutateAsync(rule.guid).catch(failed)}
        >
          <Button type="link" size="small" danger>
            {t('addressBooks.remove')}
          </Button>
        </Popconfirm>
      ),
    });
  return <PagedTable list={list} columns={columns} rowKey="guid" title={t('addressBooks.rules')} />;
}

/**
 * Share <book>: its rules for users, user groups and everyone, each read-only, read/write or full
 * control. Those the server does not let share (see useCanShare) only see the rules.
 */
export function ShareDialog({ book, onClose }: { book: Book | null; onClose: () => void }) {
  const { t } = useTranslation();
  const canShare = useCanShare();
  return (
    <Modal
      open={book !== null}
      title={book ? t('addressBooks.shareTitle', { name: book.name }) : ''}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Flex justify="flex-end">
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Flex>
      }
    >
      {book && (
        <>
          <Typography.Paragraph type="secondary">{t('addressBooks.shareHelp')}</Typography.Paragraph>
          {canShare ? (
            <AddRuleForm book={book} />
          ) : (
            <Alert
              type="info"
              showIcon
              message={t('addressBooks.shareAdminsOnly')}
              style={{ marginBottom: 16 }}
            />
          )}
          <RulesTable book={book} editable={canShare} />
        </>
      )}
    </Modal>
  );
}
