/** What a custom client package is made of, shared by the server and the console: it imports nothing. */

/** The platforms a package makes install scripts for. */
export const PLATFORMS = ['windows', 'linux', 'macos'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * What `rustdesk --assign` sets, by name (client-api.md §11.1); each flag is the field's name. The
 * address book's tag, alias and note go only with its name, as the client requires.
 */
export const ASSIGNMENT_FLAGS = [
  'user_name',
  'strategy_name',
  'device_group_name',
  'address_book_name',
  'address_book_tag',
  'address_book_alias',
  'address_book_note',
] as const;
export type AssignmentField = (typeof ASSIGNMENT_FLAGS)[number];
