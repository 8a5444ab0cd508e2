import { SwapRightOutlined } from '@ant-design/icons';
import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ChoiceFilter, PatternFilter } from '../../components/list/filter-fields';
import { codeOptions, filterInstant, rangeFilter } from './log-format';
import type { TimeFilters } from './logs-api';

/**
 * The two sides of a connection or file transfer: the controlled device (its ID, name and, for
 * administrators, its user) and the controlling side (its ID or name, and its address).
 */
export function SideFilters({ showUser }: { showUser: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <PatternFilter name="device" label={t('logs.controlledDeviceId')} width={170} />
      <PatternFilter name="device_name" label={t('devices.deviceName')} width={170} />
      {showUser && <PatternFilter name="user_name" label={t('logs.deviceUser')} width={170} />}
      <PatternFilter
        name="peer"
        label={t('logs.controllingSide')}
        help={t('logs.controllingSideHelp')}
        width={170}
      />
      <PatternFilter name="ip" label={t('logs.controllingSideIp')} width={170} />
    </>
  );
}

/** A filter on one code of a table of names (type, area, operation); empty is "any". */
export function CodeFilter({
  name,
  label,
  names,
  width = 180,
}: {
  name: string;
  label: string;
  names: Readonly<Record<string, string>>;
  width?: number;
}) {
  return <ChoiceFilter name={name} label={label} width={width} options={codeOptions(names)} searchable />;
}

/**
 * The time range of a log, picked in the browser's time zone to the minute. The filter bar's form
 * holds it as the API's `from`/`to` epoch seconds (two hidden fields), so that it lands in the
 * address bar and the query like any other filter.
 */
export function TimeRangeFilter({ label }: { label: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<TimeFilters>();
  const start = filterInstant(Form.useWatch('from', form));
  const end = filterInstant(Form.useWatch('to', form));
  const value: [Dayjs | null, Dayjs | null] | null =
    start === null && end === null
      ? null
      : [start === null ? null : dayjs(start), end === null ? null : dayjs(end)];
  const recent = (amount: number, unit: 'day' | 'hour'): [Dayjs, Dayjs] => [
    dayjs().subtract(amount, unit),
    dayjs(),
  ];

  return (
    <>
      <Form.Item name="from" hidden>
        <Input />
      </Form.Item>
      <Form.Item name="to" hidden>
        <Input />
      </Form.Item>
      <Form.Item label={label}>
        <DatePicker.RangePicker
          aria-label={label}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowEmpty={[true, true]}
          placeholder={[t('logs.rangeStart'), t('logs.rangeEnd')]}
          // antd labels its arrow between the two fields "to", in English; the fields are named already.
          separator={
            <span aria-hidden className="ant-picker-separator">
              <SwapRightOutlined />
            </span>
          }
          value={value}
          presets={[
            { label: t('logs.last24Hours'), value: () => recent(24, 'hour') },
            { label: t('logs.last7Days'), value: () => recent(7, 'day') },
            { label: t('logs.last30Days'), value: () => recent(30, 'day') },
          ]}
          onChange={(range) => {
            const [from, to] = range ?? [null, null];
            form.setFieldsValue(rangeFilter(from?.valueOf() ?? null, to?.valueOf() ?? null));
          }}
        />
      </Form.Item>
    </>
  );
}
