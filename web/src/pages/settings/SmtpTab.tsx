import { Alert, App, Button, Card, Flex, Form, Input, Radio, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { labelledPaginationItems } from '../../components/list/pagination-labels';
import { NumberInput } from '../../components/NumberInput';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { localTimeOfSeconds } from '../../components/time';
import {
  isEmailAddress,
  type SmtpChanges,
  type SmtpForm,
  type SmtpView,
  smtpChangesOf,
} from './server-settings';
import { type OutboxEntry, useOutbox, useSettings, useSmtpTest, useUpdateSettings } from './settings-api';

function formOf(smtp: SmtpView): SmtpForm {
  const { source: _, password_set: __, ...fields } = smtp;
  return { ...fields, password: '' };
}

/** Sends a test e-mail with the form's values (saved or not) and shows the server's answer or refusal. */
function TestMail({ changes }: { changes: () => SmtpChanges }) {
  const { t } = useTranslation();
  const test = useSmtpTest();
  const [to, setTo] = useState('');
  const valid = isEmailAddress(to);
  return (
    <Flex vertical gap={8} style={{ marginTop: 24 }}>
      <Typography.Text strong>{t('settings.smtpTestTo')}</Typography.Text>
      <Typography.Text type="secondary">{t('settings.smtpTestHelp')}</Typography.Text>
      <Flex gap={8} wrap>
        <Input
          aria-label={t('settings.smtpTestTo')}
          placeholder="ops@example.com"
          value={to}
          onChange={(event) => setTo(event.target.value)}
          status={to !== '' && !valid ? 'error' : undefined}
          style={{ maxWidth: 320 }}
        />
        <Button
          disabled={!valid}
          loading={test.isPending}
          onClick={() => test.mutate({ to: to.trim(), smtp: changes() })}
        >
          {t('settings.smtpTest')}
        </Button>
      </Flex>
      {to !== '' && !valid && (
        <Typography.Text type="danger">{t('settings.smtpTestInvalid')}</Typography.Text>
      )}
      {test.isSuccess && (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('settings.smtpTestOk', { response: test.data.response })}
        />
      )}
      {test.isError && <Alert type="error" showIcon role="alert" message={errorText(test.error, t)} />}
    </Flex>
  );
}

function SmtpSettingsForm({ smtp }: { smtp: SmtpView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SmtpForm>();
  const update = useUpdateSettings();
  const readOnly = smtp.source === 'environment';
  const auth = Form.useWatch('auth', form) ?? smtp.auth;
  const required = { required: true, message: t('settings.smtpRequired') };

  const save = (values: SmtpForm) => {
    const changes = smtpChangesOf(smtp, values);
    if (Object.keys(changes).length === 0) {
      void message.info(t('settings.nothingChanged'));
      return;
    }
    update.mutate(
      { smtp: changes },
      {
        onSuccess: (saved) => {
          form.setFieldsValue(formOf(saved.smtp));
          void message.success(t('settings.smtpSaved'));
        },
      },
    );
  };

  return (
    <>
      <Form<SmtpForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={formOf(smtp)}
        onFinish={save}
        disabled={readOnly}
        style={{ maxWidth: 560 }}
      >
        {readOnly && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('settings.smtpEnvironment')}
            description={t('settings.smtpEnvironmentHelp')}
          />
        )}
        <ServerErrorAlert error={update.error} />
        <Form.Item name="host" label={t('settings.smtpHost')} extra={t('settings.smtpHostHelp')}>
          <Input placeholder="smtp.gmail.com" />
        </Form.Item>
        <Form.Item
          name="port"
          label={t('settings.smtpPort')}
          extra={t('settings.smtpPortHelp')}
          rules={[
            { required: true, type: 'integer', min: 1, max: 65535, message: t('settings.smtpPortInvalid') },
          ]}
        >
          <NumberInput style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="security" label={t('settings.smtpSecurity')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'starttls', label: t('settings.smtpSecurityStarttls') },
              { value: 'tls', label: t('settings.smtpSecurityTls') },
              { value: 'none', label: t('settings.smtpSecurityNone') },
            ]}
          />
        </Form.Item>
        <Form.Item name="from" label={t('settings.smtpFrom')} extra={t('settings.smtpFromHelp')}>
          <Input placeholder="admin@example.com" />
        </Form.Item>
        <Form.Item name="auth" label={t('settings.smtpAuth')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {auth && (
          <>
            <Form.Item name="username" label={t('settings.smtpUsername')} rules={[required]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('settings.smtpPassword')}
              extra={t('settings.smtpPasswordHelp')}
              rules={smtp.password_set ? [] : [required]}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={smtp.password_set ? t('settings.smtpPasswordKept') : undefined}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="timeout_seconds"
          label={t('settings.smtpTimeout')}
          rules={[
            { required: true, type: 'integer', min: 1, max: 300, message: t('settings.smtpTimeoutInvalid') },
          ]}
        >
          <NumberInput style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="ca_file" label={t('settings.smtpCaFile')} extra={t('settings.smtpCaFileHelp')}>
          <Input placeholder="/etc/ssl/private-ca.pem" />
        </Form.Item>
        {!readOnly && (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        )}
      </Form>
      {/* Outside the form: the test stays possible while --smtp-url makes the form read-only. */}
      <TestMail changes={() => (readOnly ? {} : smtpChangesOf(smtp, form.getFieldsValue(true)))} />
    </>
  );
}

const STATUS_COLOR = { queued: 'blue', sent: 'green', failed: 'red' } as const;
const STATUS_TEXT = {
  queued: 'settings.outboxStatusQueued',
  sent: 'settings.outboxStatusSent',
  failed: 'settings.outboxStatusFailed',
} as const;

/** The outbox, newest first: what was sent, what waits for a retry and what was given up, with why. */
function Outbox() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(1);
  const [onlyFailed, setOnlyFailed] = useState(false);
  const outbox = useOutbox({ current, pageSize: 10, ...(onlyFailed ? { status: 'failed' as const } : {}) });
  return (
    <Card title={t('settings.outboxTitle')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('settings.outboxHelp')}</Typography.Paragraph>
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Switch
          checked={onlyFailed}
          onChange={(checked) => {
            setOnlyFailed(checked);
            setCurrent(1);
          }}
          aria-label={t('settings.outboxOnlyFailed')}
        />
        {t('settings.outboxOnlyFailed')}
      </Flex>
      <QueryResult query={outbox}>
        {(page) => (
          <Table<OutboxEntry>
            rowKey="id"
            size="small"
            dataSource={page.data}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('settings.outboxEmpty') }}
            pagination={{
              itemRender: labelledPaginationItems(t),
              current,
              pageSize: 10,
              total: page.total,
              onChange: setCurrent,
              showSizeChanger: false,
            }}
            columns={[
              {
                key: 'created',
                title: t('settings.outboxCreated'),
                render: (_, row) => (
                  <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfSeconds(row.created_at)}</span>
                ),
              },
              {
                key: 'to',
                title: t('settings.outboxTo'),
                dataIndex: 'to',
                render: (to: string) => <CellText text={to} width={200} />,
              },
              {
                key: 'subject',
                title: t('settings.outboxSubject'),
                dataIndex: 'subject',
                render: (subject: string) => <CellText text={subject} width={240} />,
              },
              {
                key: 'status',
                title: t('settings.outboxStatus'),
                render: (_, row) => <Tag color={STATUS_COLOR[row.status]}>{t(STATUS_TEXT[row.status])}</Tag>,
              },
              { key: 'attempts', title: t('settings.outboxAttempts'), dataIndex: 'attempts' },
              {
                key: 'error',
                title: t('settings.outboxError'),
                render: (_, row) => (
                  <Typography.Text type="danger">
                    <CellText text={row.last_error} width={300} />
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
    </Card>
  );
}

/** Settings → SMTP: the mail server, the test e-mail and the outbox. */
export function SmtpTab() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <>
      <Card title={t('settings.smtpTitle')}>
        <Typography.Paragraph type="secondary">{t('settings.smtpHelp')}</Typography.Paragraph>
        <QueryResult query={settings}>{(data) => <SmtpSettingsForm smtp={data.smtp} />}</QueryResult>
      </Card>
      <Outbox />
    </>
  );
}
