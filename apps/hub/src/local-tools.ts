/** What `hallctl` uses on the hub's own machine, without a connection: backups, the audit check, unlocks. */
export { createLoginFailures } from './auth/login-failures.ts';
export { backupDatabase } from './backup.ts';
export { openDatabase } from './db/open-database.ts';
export { createOutbox } from './outbox/outbox.ts';
export { webhookIdOf } from './outbox/webhook-sender.ts';
export { createWebhookStore, webhookConsumer } from './outbox/webhook-store.ts';
export { loadOrCreateKeyFile } from './privacy/identity-vault.ts';
export { createSecretBox } from './privacy/secret-box.ts';
export { createAccounts } from './store/accounts.ts';
export { verifyEventChain } from './store/event-log.ts';
