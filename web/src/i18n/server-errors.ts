import { ERROR_MESSAGES, type ErrorCode } from '../../../src/http/error-catalogue';

export type { ErrorCode };

/**
 * The server's errors in English: the server's own templates (its catalogue is bundled, so that the
 * console knows every code), with i18next's {{placeholders}}.
 */
export const serverErrorsEn = Object.fromEntries(
  Object.entries(ERROR_MESSAGES).map(([code, template]) => [code, template.replace(/\{(\w+)\}/g, '{{$1}}')]),
) as Record<ErrorCode, string>;

export function isServerErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_MESSAGES, code);
}
