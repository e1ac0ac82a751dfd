export * from './auth.ts';
export * from './commands.ts';
export * from './entities.ts';
export * from './errors.ts';
export * from './hall-schema.ts';
export * from './hub-events.ts';
export * from './print-permit.ts';
export * from './webhooks.ts';
