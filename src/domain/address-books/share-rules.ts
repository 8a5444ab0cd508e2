import type { Db } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { Page } from '../paging.js';
import type { SettingsService } from '../settings/service.js';
import { checkSharing, reachSharedBook } from './book-access.js';
import { describeRule, presentRule } from './presenter.js';
import type { Caller } from './rules.js';
import {
  countRulesOfBook,
  deleteRules,
  findRuleForTarget,
  findRulesByGuids,
  findUserByExactName,
  findUserGroupByExactName,
  insertRule,
  listRulesOfBook,
  type RuleWithNames,
  updateRuleLevel,
} from './sharing-repository.js';

export interface NewRule {
  /** The book's guid. */
  book: string;
  rule: 1 | 2 | 3;
  /** A user name; with neither user nor group the rule is for everyone. */
  user?: string | undefined;
  /** A user-group name. */
  group?: string | undefined;
}

/**
 * The sharing rules of shared books (ab.py view-rule, add-rule, update-rule, delete-rule; the console's
 * Share dialog). They need full control of the book; a non-administrator may add, change or delete
 * rules only while "allow non-admin to share address books" is on.
 */
export class ShareRulesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  async list(caller: Caller, bookGuid: string, page: Page) {
    const book = await reachSharedBook(this.db, caller, bookGuid);
    const total = await countRulesOfBook(this.db, book.id);
    return { total, data: (await listRulesOfBook(this.db, book.id, page)).map(presentRule) };
  }

  /** Answers the new rule's guid. */
  async add(caller: Caller, input: NewRule, actor: Actor): Promise<{ guid: string }> {
    if (input.user !== undefined && input.group !== undefined) {
      throw new BadRequest('share_target_both');
    }
    const book = await reachSharedBook(this.db, caller, input.book);
    await checkSharing(this.settings, { kind: 'change-rules' }, caller);
    const user = input.user === undefined ? undefined : await findUserByExactName(this.db, input.user);
    if (input.user !== undefined && !user) throw new NotFound('share_user_not_found', { name: input.user });
    const group =
      input.group === undefined ? undefined : await findUserGroupByExactName(this.db, input.group);
    if (input.group !== undefined && !group) {
      throw new NotFound('share_user_group_not_found', { name: input.group });
    }

    const target = { userId: user?.id ?? null, userGroupId: group?.id ?? null };
    const names = { user_name: user?.name ?? null, group_name: group?.name ?? null };
    return this.db.transaction().execute(async (trx) => {
      if (await findRuleForTarget(trx, book.id, target)) {
        throw ruleExists(names);
      }
      const now = this.clock();
      const guid = uuidv7(now);
      await insertRule(trx, {
        guid,
        ab_id: book.id,
        user_id: target.userId,
        user_group_id: target.userGroupId,
        rule: input.rule,
        created_at: now,
      });
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.addAddressBookPermission,
        detail: `address book ${book.name}: ${describeRule({ ...names, rule: input.rule })}`,
        now,
      });
      return { guid };
    });
  }

  async update(caller: Caller, ruleGuid: string, level: 1 | 2 | 3, actor: Actor): Promise<void> {
    const [rule] = await this.reachRules(caller, [ruleGuid]);
    if (!rule) throw new NotFound('share_rule_not_found', { guid: ruleGuid });
    await checkSharing(this.settings, { kind: 'change-rules' }, caller);
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      await updateRuleLevel(trx, rule.id, level);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.updateAddressBookPermission,
        detail: `address book ${rule.ab_name}: ${describeRule({ ...rule, rule: level })}`,
        now,
      });
    });
  }

  /** All or nothing, as for books. */
  async remove(caller: Caller, ruleGuids: readonly string[], actor: Actor): Promise<void> {
    const rules = await this.reachRules(caller, ruleGuids);
    await checkSharing(this.settings, { kind: 'change-rules' }, caller);
    await this.db.transaction().execute(async (trx) => {
      await deleteRules(
        trx,
        rules.map((r) => r.id),
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.deleteAddressBookPermission,
        detail: describe(
          'rules',
          rules.map((r) => `${r.ab_name} / ${describeRule(r)}`),
        ),
        now: this.clock(),
      });
    });
  }

  /** The rules of those guids, each on a book the caller fully controls; 404 names the first missing one. */
  private async reachRules(caller: Caller, guids: readonly string[]): Promise<RuleWithNames[]> {
    const unique = [...new Set(guids)];
    const byGuid = new Map((await findRulesByGuids(this.db, unique)).map((r) => [r.guid, r]));
    const rules: RuleWithNames[] = [];
    const checkedBooks = new Set<string>();
    for (const guid of unique) {
      const rule = byGuid.get(guid);
      if (!rule) throw new NotFound('share_rule_not_found', { guid });
      if (!checkedBooks.has(rule.ab_guid)) {
        try {
          await reachSharedBook(this.db, caller, rule.ab_guid);
        } catch (error) {
          // The rule of a book the caller cannot see does not exist for them either.
          if (error instanceof NotFound) throw new NotFound('share_rule_not_found', { guid });
          throw error;
        }
        checkedBooks.add(rule.ab_guid);
      }
      rules.push(rule);
    }
    return rules;
  }
}

/** The refusal of a second rule for the same user, group or everyone. */
function ruleExists(names: { user_name: string | null; group_name: string | null }): Conflict {
  if (names.user_name !== null) return new Conflict('share_rule_exists_user', { name: names.user_name });
  if (names.group_name !== null) return new Conflict('share_rule_exists_group', { name: names.group_name });
  return new Conflict('share_rule_exists_everyone');
}
