/** What `hallctl` uses on the hub's own machine, without a connection: backups, the audit check, unlocks. */
export { createLoginFailures } from './auth/login-failures.ts';
export { backupDatabase } from './backup.ts';
export { openDatabase } from './db/open-database.ts';
export { createAccounts } from './store/accounts.ts';
export { verifyEventChain } from './store/event-log.ts';
