import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/**
 * What to tell the user about a failed call: the server's own message when it sent one, else what
 * we know (unreachable, or just the status).
 */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.isNetworkError) return t('errors.network');
    return error.message || t('errors.unexpected', { status: error.status });
  }
  return error instanceof Error ? error.message : String(error);
}
