import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** What a new password must be (GET /api/password-rules); administrators set the minimum in Settings → Others. */
export interface PasswordRules {
  min_length: number;
  max_length: number;
  /** Single sign-on users may set a local password (Settings → Others). */
  sso_local_password: boolean;
}

export const passwordRulesKey = ['password-rules'] as const;

/** The server's defaults, until it has answered; it checks every password again anyway. */
const DEFAULT_RULES: PasswordRules = { min_length: 8, max_length: 128, sso_local_password: false };

export function usePasswordRules(): PasswordRules {
  const { data = DEFAULT_RULES } = useQuery({
    queryKey: passwordRulesKey,
    queryFn: ({ signal }) => api.get<PasswordRules>('/api/password-rules', { signal }),
    staleTime: 60_000,
  });
  return data;
}

/** The server's password rules, as an antd length rule with its message. */
export function usePasswordLengthRule(message: (bounds: { min: number; max: number }) => string) {
  const data = usePasswordRules();
  const bounds = { min: data.min_length, max: data.max_length };
  return { ...bounds, message: message(bounds) };
}
