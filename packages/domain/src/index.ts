export * from './countries.ts';
export * from './naming.ts';
export * from './problems.ts';
export * from './reminder-schedule.ts';
export * from './result.ts';
export * from './secret-policy.ts';
export * from './status.ts';
export * from './time.ts';
