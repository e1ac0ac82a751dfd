export * from './bus/index.ts';
export * from './gsm-modem/index.ts';
export * from './id-card/index.ts';
export * from './printer/index.ts';
export * from './profiles/load-profile.ts';
export * from './profiles/profile-schema.ts';
export * from './scanner/index.ts';
export * from './serial/index.ts';
