// Every table of the desktop database, gathered for drizzle-kit (migrations) and for typed queries.

export * from '../accounts/schema';
export * from '../audit/schema';
export * from '../settings/schema';
export * from '../registers/schema';
export * from '../agencies/schema';
export * from '../blobs/schema';
export * from '../calendar/schema';
export * from '../documents/schema';
export * from '../imports/schema';
export * from '../jobs/schema';
export * from '../workflow/schema';
export * from '../outgoing/schema';
export * from '../signing/schema';
export * from '../signing/remote-schema';
export * from '../sync/schema';
export * from '../scanning/schema';
export * from '../records/schema';
export * from '../schedule/schema';
export * from '../backup/schema';
