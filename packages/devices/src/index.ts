export * from './profiles/profile-schema.ts';
