/** What `hallctl` uses on the hub's own machine, without a connection: backups and the audit check. */
export { backupDatabase, createBackupShelf, listBackups, verifyBackup } from './backup.ts';
export { openDatabase } from './db/open-database.ts';
export { createAccounts } from './store/accounts.ts';
export { verifyEventChain } from './store/event-log.ts';
