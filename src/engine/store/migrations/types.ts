export interface Migration {
  /** PRAGMA user_version after this migration. */
  version: number;
  name: string;
  /** SQL run in one transaction with the version bump. */
  up: string;
}
