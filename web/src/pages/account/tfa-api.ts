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
