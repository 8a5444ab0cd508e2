/**
 * Console audit codes. 0–3 and 0–22 are Server Pro's (admin-api.md §7.3), which the official audits.py
 * turns into names; rdconsole adds its own areas and operations after them for what Server Pro does not
 * log (strategies, settings, API tokens).
 */
export const CONSOLE_AREA = {
  group: 0,
  user: 1,
  device: 2,
  addressBook: 3,
  strategy: 4,
  settings: 5,
  token: 6,
} as const;

export const CONSOLE_AREA_NAMES: Record<number, string> = {
  0: 'Group Management',
  1: 'User Management',
  2: 'Device Management',
  3: 'Address Book Management',
  4: 'Strategy Management',
  5: 'Settings Management',
  6: 'API Token Management',
};

export const CONSOLE_OPERATION = {
  userLogin: 0,
  addGroup: 1,
  addUser: 2,
  addDevice: 3,
  deleteGroups: 4,
  disconnectDevice: 5,
  enableUsers: 6,
  disableUsers: 7,
  enableDevices: 8,
  disableDevices: 9,
  updateGroup: 10,
  updateUser: 11,
  updateDevice: 12,
  deleteUser: 13,
  deleteDevice: 14,
  addAddressBook: 15,
  deleteAddressBook: 16,
  changeAddressBookName: 17,
  deleteRecycleBinDevices: 18,
  emptyRecycleBin: 19,
  addAddressBookPermission: 20,
  deleteAddressBookPermission: 21,
  updateAddressBookPermission: 22,
  addStrategy: 23,
  updateStrategy: 24,
  deleteStrategy: 25,
  assignStrategy: 26,
  updateSettings: 27,
  addApiToken: 28,
  deleteApiToken: 29,
  forceLogout: 30,
  updateAddressBook: 31,
} as const;

export const CONSOLE_OPERATION_NAMES: Record<number, string> = {
  0: 'User Login',
  1: 'Add Group',
  2: 'Add User',
  3: 'Add Device',
  4: 'Delete Groups',
  5: 'Disconnect Device',
  6: 'Enable Users',
  7: 'Disable Users',
  8: 'Enable Devices',
  9: 'Disable Devices',
  10: 'Update Group',
  11: 'Update User',
  12: 'Update Device',
  13: 'Delete User',
  14: 'Delete Device',
  15: 'Add Address Book',
  16: 'Delete Address Book',
  17: 'Change Address Book Name',
  18: 'Delete Devices in the Address Book Recycle Bin',
  19: 'Empty Address Book Recycle Bin',
  20: 'Add Address Book Permission',
  21: 'Delete Address Book Permission',
  22: 'Update Address Book Permission',
  23: 'Add Strategy',
  24: 'Update Strategy',
  25: 'Delete Strategy',
  26: 'Assign Strategy',
  27: 'Update Settings',
  28: 'Add API Token',
  29: 'Delete API Token',
  30: 'Force Logout',
  31: 'Update Address Book',
};

export type ConsoleArea = (typeof CONSOLE_AREA)[keyof typeof CONSOLE_AREA];
export type ConsoleOperation = (typeof CONSOLE_OPERATION)[keyof typeof CONSOLE_OPERATION];
