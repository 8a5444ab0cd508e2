import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { usePagedList } from '../../components/list/usePagedList';
import { type Device, devicesKey } from '../devices/devices-api';
import { usersKey } from '../users/users-api';
import type { AccessRule } from './access-rules';

export const userGroupsKey = ['user-groups'] as const;
export const deviceGroupsKey = ['device-groups'] as const;

/** One row of GET /api/user-groups. */
export interface UserGroup {
  guid: string;
  name: string;
  note: string;
  /** Epoch seconds. */
  created_at: number;
  allowed_incomings: AccessRule[];
  allowed_outgoings: AccessRule[];
  user_count: number;
}

/** One row of GET /api/device-groups. */
export interface DeviceGroup {
  guid: string;
  name: string;
  note: string;
  created_at: number;
  allowed_incomings: AccessRule[];
  device_count: number;
  strategy_name: string | null;
}

/** A member of a user group, as GET /api/users lists users. */
export interface Member {
  guid: string;
  name: string;
  display_name: string;
  email: string;
  /** 1 normal, 0 disabled, -1 unverified. */
  status: number;
  is_admin: boolean;
}

/** The one filter of both group lists: the name, `%` a wildcard. */
export type GroupFilters = { name: string };
export const GROUP_FILTER_KEYS = ['name'] as const satisfies readonly (keyof GroupFilters)[];

export type GroupResource = 'user-groups' | 'device-groups';

/** A create or edit of either kind of group: the fields given change. */
export interface GroupBody {
  name?: string;
  note?: string;
  allowed_incomings?: AccessRule[];
  allowed_outgoings?: AccessRule[];
}

/**
 * Every rule is listed at both of its ends, and group names appear in device and user lists: after
 * any change to a group, everything that shows groups is read again.
 */
function refreshGroups(queryClient: QueryClient): Promise<unknown> {
  return Promise.all(
    [userGroupsKey, deviceGroupsKey, devicesKey, usersKey].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

const groupPath = (resource: GroupResource, guid?: string) =>
  guid === undefined ? `/api/${resource}` : `/api/${resource}/${encodeURIComponent(guid)}`;

/** Creates (no guid) or changes a group. */
export function useSaveGroup(resource: GroupResource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ guid, body }: { guid?: string; body: GroupBody }) =>
      guid === undefined
        ? api.post<unknown>(groupPath(resource), body)
        : api.patch<unknown>(groupPath(resource, guid), body),
    onSuccess: () => refreshGroups(queryClient),
  });
}

export function useDeleteGroup(resource: GroupResource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (guid: string) => api.delete<void>(groupPath(resource, guid)),
    onSuccess: () => refreshGroups(queryClient),
  });
}

/** Moves users (by guid) into a user group; they leave the group they were in. */
export function useAddUsers(groupGuid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userGuids: string[]) => api.post<void>(groupPath('user-groups', groupGuid), userGuids),
    onSuccess: () => refreshGroups(queryClient),
  });
}

/** Adds devices to (they leave any other group) or removes them from a device group, by RustDesk ID. */
export function useChangeDevices(groupGuid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ change, ids }: { change: 'add' | 'remove'; ids: string[] }) =>
      change === 'add'
        ? api.post<{ count: number }>(groupPath('device-groups', groupGuid), ids)
        : api.delete<{ count: number }>(`${groupPath('device-groups', groupGuid)}/devices`, { body: ids }),
    onSuccess: () => refreshGroups(queryClient),
  });
}

/**
 * A member list by group guid, paged in the drawer's own state (the address bar holds the groups
 * list's). By guid, not name: the API reads a name holding `%`, or "-", as a pattern. The member
 * lists live under the groups' query key so that any group change refreshes them too.
 */
export function useGroupUsers(group: UserGroup | null) {
  return usePagedList<Member, Record<string, string>>({
    path: '/api/users',
    queryKey: [...userGroupsKey, 'members'],
    filterKeys: [],
    scope: 'local',
    fixed: { group_guid: group?.guid ?? '' },
    enabled: group !== null,
  });
}

export function useGroupDevices(group: DeviceGroup | null) {
  return usePagedList<Device, Record<string, string>>({
    path: '/api/devices',
    queryKey: [...deviceGroupsKey, 'members'],
    filterKeys: [],
    scope: 'local',
    fixed: { device_group_guid: group?.guid ?? '' },
    enabled: group !== null,
  });
}
