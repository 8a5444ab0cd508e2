import type { ToolSpec } from '../manage/tool.js';
import { addressBooksTool } from './address-books.js';
import { auditsTool } from './audits.js';
import { deviceGroupsTool } from './device-groups.js';
import { devicesTool } from './devices.js';
import { strategiesTool } from './strategies.js';
import { userGroupsTool } from './user-groups.js';
import { usersTool } from './users.js';

/** Every management tool, in the order `rdconsole --help` lists them. */
export const TOOLS: readonly ToolSpec[] = [
  usersTool,
  userGroupsTool,
  deviceGroupsTool,
  devicesTool,
  addressBooksTool,
  strategiesTool,
  auditsTool,
];
