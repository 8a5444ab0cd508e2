import { Button, Card, Flex, Form } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListControls } from './usePagedList';

/**
 * The query form above a list (Server Pro's "Query / Reset"): its fields are the children, named
 * after the list's filters. Searching goes back to the first page. Inside a dialog (`compact`) it
 * goes without its card, and a `name` keeps its field ids apart from the page's.
 */
export function FilterBar<F extends Record<string, string>>({
  list,
  children,
  name,
  compact = false,
}: {
  list: ListControls<F>;
  children: ReactNode;
  name?: string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<F>();
  const { filters } = list.state;

  // The address bar is the truth: back/forward and links change the filters under the form.
  useEffect(() => {
    form.setFieldsValue(filters as Parameters<typeof form.setFieldsValue>[0]);
  }, [form, filters]);

  const bar = (
    <Form<F>
      form={form}
      name={name}
      layout="inline"
      initialValues={filters}
      onFinish={(values) => list.setFilters(values)}
      style={compact ? { rowGap: 8, marginBottom: 12 } : { rowGap: 12 }}
    >
      {children}
      <Form.Item style={{ marginInlineEnd: 0 }}>
        <Flex gap={8}>
          <Button
            onClick={() => {
              form.resetFields();
              list.resetFilters();
            }}
          >
            {t('table.reset')}
          </Button>
          <Button type="primary" htmlType="submit">
            {t('table.query')}
          </Button>
        </Flex>
      </Form.Item>
    </Form>
  );
  return compact ? bar : <Card style={{ marginBottom: 16 }}>{bar}</Card>;
}
