import { Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { CellText } from '../../components/list/CellText';
import { CopyableCell, type copyLabels } from '../../components/list/CopyableCell';
import { durationParts, nameOfCode } from './log-format';

/**
 * Cells the logs share: a device or a controlling side as "ID – name" over a secondary line, times in
 * the browser's time zone, durations and code names in the console's language.
 */

/**
 * A device: its RustDesk ID (copyable) and, under it, its name and whatever else is known. `labels`:
 * the copy button's, made once for a column (see CopyableCell).
 */
export function PeerCell({
  id,
  name,
  extra,
  labels,
}: {
  id: string;
  name: string;
  extra?: string;
  labels: ReturnType<typeof copyLabels>;
}) {
  const secondary = [name, extra].filter((part) => part).join(' · ');
  return (
    <Flex vertical>
      {id ? <CopyableCell text={id} labels={labels} /> : <span>-</span>}
      {secondary && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <CellText text={secondary} width={200} />
        </Typography.Text>
      )}
    </Flex>
  );
}

/** A time as the date over the time of day: narrow enough for the connection log's three time columns. */
export function TimeCell({ seconds }: { seconds: number }) {
  const date = new Date(seconds * 1000);
  return (
    <Flex vertical style={{ whiteSpace: 'nowrap' }}>
      <span>{date.toLocaleDateString()}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {date.toLocaleTimeString()}
      </Typography.Text>
    </Flex>
  );
}

/** "1 h 5 min" in the console's language. */
export function durationText(t: TFunction, seconds: number): string {
  return durationParts(seconds)
    .map(({ unit, count }) => t(`logs.durationUnits.${unit}`, { count }))
    .join(' ');
}

/** The name of a code in one of the logs' tables, or "Unknown (n)". */
export function codeName(t: TFunction, names: Readonly<Record<string, string>>, code: number): string {
  return nameOfCode(names, code, t('logs.unknownCode', { code }));
}
