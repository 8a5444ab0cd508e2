import { setImmediate } from 'node:timers/promises';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * better-sqlite3 runs each statement synchronously and Kysely resolves its result as a microtask, so
 * a transaction of many statements (a large legacy address-book push: thousands of rows in chunks)
 * held the event loop for its whole length and every other request waited. Yielding after each
 * statement lets other requests run between them, as they do between the queries of PostgreSQL.
 */
export class YieldAfterQuery implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await setImmediate();
    return args.result;
  }
}
