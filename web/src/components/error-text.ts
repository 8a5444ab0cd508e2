import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { isServerErrorCode } from '../i18n/server-errors';

/** How many names of a list a message shows, as the server writes it (LISTED_NAMES). */
const LISTED_NAMES = 20;

/**
 * What to tell the user about a failed call: the message of the server's error code in the user's
 * language, with its parameters; the server's own (English) message for a code the console does not
 * know; else what we know (unreachable, or just the status).
 */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.isNetworkError) return t('errors.network');
    const translated = error.code === undefined ? undefined : translate(error.code, error.params, t);
    return translated ?? (error.message || t('errors.unexpected', { status: error.status }));
  }
  return error instanceof Error ? error.message : String(error);
}

function translate(
  code: string,
  params: Readonly<Record<string, unknown>>,
  t: TFunction,
): string | undefined {
  if (!isServerErrorCode(code)) return undefined;
  const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, write(value, t)]));
  // `replace`: parameters such as `count` are values here, not i18next options.
  return t(`serverErrors.${code}`, { replace: values });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parameter as text: a list of names, or a list of other errors each in its own words. */
function write(value: unknown, t: TFunction): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (!Array.isArray(value)) return JSON.stringify(value) ?? '';
  if (value.length > 0 && value.every(isRecord)) {
    return value
      .map(({ code, error, ...params }) => {
        const text = typeof code === 'string' ? translate(code, params, t) : undefined;
        return text ?? (typeof error === 'string' ? error : JSON.stringify(params));
      })
      .join(t('errors.partSeparator'));
  }
  const names = value.map((item) => write(item, t));
  const list = names.slice(0, LISTED_NAMES).join(t('errors.listSeparator'));
  return names.length > LISTED_NAMES
    ? t('errors.listMore', { list, more: names.length - LISTED_NAMES })
    : list;
}
