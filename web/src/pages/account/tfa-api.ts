import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentUserKey } from '../../api/account';
import { api } from '../../api/client';
import type { TfaStatus } from '../../api/types';

const statusKey = ['tfa', 'totp'] as const;

export function useTfaStatus() {
  return useQuery({
    queryKey: statusKey,
    queryFn: ({ signal }) => api.get<TfaStatus>('/api/tfa/totp', { signal }),
  });
}

/** Every change of 2FA refreshes its state and the current user (whose set-up requirement it may lift). */
function useTfaChange<Result>(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string | undefined) => api.post<Result>(path, code === undefined ? {} : { code }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: statusKey });
      await queryClient.invalidateQueries({ queryKey: currentUserKey });
    },
  });
}

export interface BackupCodes {
  backup_codes: string[];
}

/** Starts enrolment (with a current code when renewing): the new secret and its otpauth:// URI. */
export const useStartEnrolment = () => useTfaChange<{ secret: string; uri: string }>('/api/tfa/totp/enrol');
export const useConfirmEnrolment = () => useTfaChange<BackupCodes>('/api/tfa/totp/confirm');
export const useDisableTfa = () => useTfaChange<undefined>('/api/tfa/totp/disable');
export const useRegenerateBackupCodes = () => useTfaChange<BackupCodes>('/api/tfa/totp/backup-codes');

/** GET /api/tfa/trusted-devices: a browser or RustDesk client that skips the login code for a while. */
export interface TrustedDevice {
  guid: string;
  kind: 'console' | 'client';
  client_id: string;
  name: string;
  os: string;
  ip: string;
  /** Epoch seconds. */
  created_at: number;
  expires_at: number;
  last_used_at: number;
}

const trustedKey = ['tfa', 'trusted-devices'] as const;

export function useTrustedDevices() {
  return useQuery({
    queryKey: trustedKey,
    queryFn: async ({ signal }) =>
      (await api.get<{ data: TrustedDevice[] }>('/api/tfa/trusted-devices', { signal })).data,
  });
}

/** Forgets one trusted device (by guid), or all of them (no guid). */
export function useForgetTrustedDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (guid: string | undefined) =>
      api.delete(guid === undefined ? '/api/tfa/trusted-devices' : `/api/tfa/trusted-devices/${guid}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trustedKey }),
  });
}
