/**
 * antd computes its components' CSS in the browser, the first time each kind of component renders
 * (CSS-in-JS): on the console's first page that is hundreds of milliseconds of script and of style
 * recalculation while style elements are added one by one. The build renders the components the
 * console uses here, in Node.js, for each theme of web/src/app/theme.ts, and writes what antd computed
 * into a CSS file (antd's "whole export", @ant-design/cssinjs's extractStyle). The file ends with the
 * map of what it holds; antd in the browser reads that map and skips computing and inserting those
 * styles. A component or theme missing here still works: antd then computes its style as before.
 */
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import * as antd from 'antd';
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { consoleTheme } from './theme';

const h = createElement;

/** The components the console shows, with their pop-ups' panels (a closed pop-up renders no panel). */
function everyComponent(): ReactNode[] {
  const {
    Alert,
    App,
    Avatar,
    Badge,
    Button,
    Card,
    Checkbox,
    Col,
    DatePicker,
    Descriptions,
    Divider,
    Drawer,
    Dropdown,
    Empty,
    Flex,
    Form,
    Input,
    InputNumber,
    Layout,
    List,
    Menu,
    Modal,
    Pagination,
    Popconfirm,
    Popover,
    Radio,
    Result,
    Row,
    Segmented,
    Select,
    Skeleton,
    Space,
    Spin,
    Statistic,
    Switch,
    Table,
    Tabs,
    Tag,
    Tooltip,
    Typography,
    message,
    notification,
  } = antd;
  const text = 'x';
  return [
    h(Alert, { message: text, showIcon: true }),
    h(Avatar, null, text),
    h(Badge, { status: 'success' }),
    h(Badge, { count: 1 }),
    h(Button, null, text),
    h(Button, { type: 'link', size: 'small' }, text),
    h(Card, { title: text, extra: text }, text),
    h(Checkbox, null, text),
    h(Checkbox.Group, { options: [text] }),
    h(Row, null, h(Col, { span: 12 }, text)),
    h(DatePicker),
    h(DatePicker.RangePicker),
    h(DatePicker._InternalPanelDoNotUseOrYouWillBeFired),
    h(DatePicker._InternalRangePanelDoNotUseOrYouWillBeFired),
    h(Descriptions, { items: [{ key: 'a', label: text, children: text }] }),
    h(Divider),
    h(Drawer._InternalPanelDoNotUseOrYouWillBeFired, { title: text }, text),
    h(Dropdown, { menu: { items: [{ key: 'a', label: text }] } }, h('span', null, text)),
    h(Dropdown._InternalPanelDoNotUseOrYouWillBeFired, { menu: { items: [{ key: 'a', label: text }] } }),
    h(Empty),
    h(Empty, { image: Empty.PRESENTED_IMAGE_SIMPLE }),
    h(Flex, null, text),
    h(
      Form,
      { layout: 'inline' },
      h(Form.Item, { label: text, tooltip: text, help: text }, h(Input)),
      h(Form.ErrorList, { errors: [text] }),
    ),
    h(Input),
    h(Input.Password),
    h(Input.Search),
    h(Input.TextArea),
    h(Input.OTP),
    h(InputNumber),
    h(
      Layout,
      null,
      h(Layout.Sider, null, text),
      h(Layout, null, h(Layout.Header, null, text), h(Layout.Content, null, text)),
    ),
    h(List, { dataSource: [text], renderItem: (item: unknown) => h(List.Item, null, String(item)) }),
    h(Menu, {
      mode: 'inline',
      items: [{ key: 'a', label: text, children: [{ key: 'b', label: text }] }],
    }),
    h(Menu, { mode: 'horizontal', items: [{ key: 'a', label: text }] }),
    h(Modal._InternalPanelDoNotUseOrYouWillBeFired, { title: text }, text),
    h(Modal._InternalPanelDoNotUseOrYouWillBeFired, { type: 'confirm', title: text }, text),
    h(Pagination, { total: 100, showSizeChanger: true, showTotal: () => text }),
    h(Popconfirm._InternalPanelDoNotUseOrYouWillBeFired, { title: text }),
    h(Popover._InternalPanelDoNotUseOrYouWillBeFired, { content: text }),
    h(Radio.Group, { options: [text] }),
    h(Radio.Group, { optionType: 'button', options: [text] }),
    h(Result, { status: '403', title: text }),
    h(Result, { status: 'success', title: text }),
    h(Segmented, { options: [text] }),
    h(Select, { options: [{ value: text }] }),
    h(Select, { mode: 'multiple', options: [{ value: text }] }),
    h(Select._InternalPanelDoNotUseOrYouWillBeFired, { options: [{ value: text }] }),
    h(Skeleton),
    h(Skeleton.Button),
    h(Skeleton.Image),
    h(Skeleton.Input),
    h(Space, null, text),
    h(Space.Compact, null, h(Input), h(Button, null, text)),
    h(Spin),
    h(Statistic, { value: 1 }),
    h(Switch),
    h(Table, {
      rowKey: 'a',
      dataSource: [{ a: text }],
      columns: [{ title: text, dataIndex: 'a', sorter: true, fixed: 'left' }],
      rowSelection: {},
      scroll: { x: 'max-content' },
      pagination: { showSizeChanger: true },
    }),
    h(Tabs, { items: [{ key: 'a', label: text, children: text }] }),
    h(Tag, null, text),
    h(Tag, { color: 'blue' }, text),
    h(Modal, { open: false }, text),
    h(Tooltip, { title: text }, h('span', null, text)),
    h(Tooltip._InternalPanelDoNotUseOrYouWillBeFired, { title: text }),
    h(Typography.Title, null, text),
    h(Typography.Paragraph, null, text),
    h(Typography.Text, { copyable: true, ellipsis: true }, text),
    h(message._InternalPanelDoNotUseOrYouWillBeFired, { content: text, type: 'success' }),
    h(notification._InternalPanelDoNotUseOrYouWillBeFired, { message: text }),
    h(App, null, text),
  ];
}

/** The CSS of antd's components in one of the console's themes, for a file served before the scripts. */
export function antdStaticStyle(options: { dark: boolean; motion: boolean }): string {
  const cache = createCache();
  renderToString(
    h(
      StyleProvider,
      { cache },
      h(antd.ConfigProvider, { theme: consoleTheme(options) }, ...everyComponent()),
    ),
  );
  return extractStyle(cache, true);
}
