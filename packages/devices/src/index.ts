export * from './printer/index.ts';
export * from './profiles/profile-schema.ts';
export * from './serial/index.ts';
